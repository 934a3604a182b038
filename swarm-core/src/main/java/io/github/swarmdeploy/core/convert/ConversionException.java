package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.Problem;

/**
 * A stack definition that cannot become Swarm objects, for a reason {@code docker stack deploy} would also
 * refuse it (an undefined network, {@code replicas} with a global service, …): the {@link Problem}, with its
 * position and key path when known. The message is the problem's line,
 * {@code file:line:column key.path: what is wrong}.
 */
public class ConversionException extends SwarmDeployException {

    private final transient Problem problem;

    public ConversionException(Problem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** What is wrong, and where. */
    public Problem problem() {
        return problem;
    }
}
