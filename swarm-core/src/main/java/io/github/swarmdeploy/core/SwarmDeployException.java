package io.github.swarmdeploy.core;

/**
 * Something a user of swarm-deploy has to act on. Front-ends treat it as an expected failure (invalid
 * input, a rollout that rolled back, a timeout) unless it is an {@link InfrastructureException}.
 */
public class SwarmDeployException extends RuntimeException {

    public SwarmDeployException(String message) {
        super(message);
    }

    public SwarmDeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
