package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.SwarmDeployException;

/**
 * The engine refused a change the deploy asked for (an invalid service spec, a name taken meanwhile), or
 * a rollout failed. What was applied before stays applied; the message says what.
 */
public class DeployFailedException extends SwarmDeployException {

    public DeployFailedException(String message) {
        super(message);
    }

    public DeployFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
