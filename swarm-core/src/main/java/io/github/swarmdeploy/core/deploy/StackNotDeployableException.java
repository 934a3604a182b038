package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.Problem;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The stack cannot be deployed to this swarm as it is: an external network, secret or config is missing, an
 * image reference is invalid, a named config would have to change. Found before the first change, so
 * nothing on the swarm has changed; every problem is listed.
 */
public class StackNotDeployableException extends SwarmDeployException {

    /** File, then line, then column: the order a user reads the files in; problems without a place last. */
    private static final Comparator<Problem> READING_ORDER = Comparator
            .comparing((Problem problem) -> problem.position() == null).thenComparing(Problem.READING_ORDER);

    private final transient List<Problem> problems;

    public StackNotDeployableException(String stack, List<Problem> problems) {
        this(problems.stream().sorted(READING_ORDER).toList(), stack);
    }

    private StackNotDeployableException(List<Problem> sorted, String stack) {
        super(render(stack, sorted));
        this.problems = sorted;
    }

    /** Every problem, in the order a user reads the files. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(String stack, List<Problem> problems) {
        String header = "stack " + stack + " cannot be deployed (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "); nothing on the swarm was changed:";
        return problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
