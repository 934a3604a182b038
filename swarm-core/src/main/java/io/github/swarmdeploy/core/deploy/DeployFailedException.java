package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.Optional;

/**
 * The engine refused a change the deploy asked for (an invalid service spec, a name taken meanwhile), or
 * a rollout failed. What was applied before stays applied; the message says what, and {@link #result()} (once the
 * deploy has planned) holds the plan and each service's outcome.
 */
public class DeployFailedException extends SwarmDeployException {

    private final transient DeployResult result;

    public DeployFailedException(String message) {
        super(message);
        this.result = null;
    }

    public DeployFailedException(String message, Throwable cause) {
        super(message, cause);
        this.result = null;
    }

    /** {@code cause}, the failure a deploy ended with, carrying the deploy's {@code result}. */
    public DeployFailedException(SwarmDeployException cause, DeployResult result) {
        super(cause.getMessage(), cause);
        this.result = result;
    }

    /** The plan and each service's outcome, when the deploy got as far as planning. */
    public Optional<DeployResult> result() {
        return Optional.ofNullable(result);
    }
}
