package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.InfrastructureException;

import java.util.Objects;

/**
 * A deploy that lost its engine (or its connection) after it began changing the stack: what stood then, what was
 * planned and what became of each service are in {@link #result()}. Like every {@link InfrastructureException}, the
 * environment failed rather than the stack.
 */
public class DeployInterruptedException extends InfrastructureException {

    private final transient DeployResult result;

    public DeployInterruptedException(InfrastructureException cause, DeployResult result) {
        super(cause.getMessage(), cause);
        this.result = Objects.requireNonNull(result, "result");
    }

    /** The plan and each service's outcome as far as the deploy got. */
    public DeployResult result() {
        return result;
    }
}
