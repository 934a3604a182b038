package io.github.swarmdeploy.core;

/**
 * The environment failed rather than the input: the engine is unreachable, an SSH connection broke, a
 * file could not be read for a reason other than its content. Front-ends report it as an execution
 * error, distinct from a failed deployment.
 */
public class InfrastructureException extends SwarmDeployException {

    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
