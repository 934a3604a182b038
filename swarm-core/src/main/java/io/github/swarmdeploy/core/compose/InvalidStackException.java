package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The compose files do not describe a stack that can be deployed. Carries every problem found in all
 * files, each with its file, line, column and key path, so a user can fix them all in one go.
 */
public class InvalidStackException extends SwarmDeployException {

    private final List<Problem> problems;

    public InvalidStackException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in reading order (file, line, column). */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        String header = problems.size() == 1
                ? "invalid stack definition (1 problem):"
                : "invalid stack definition (" + problems.size() + " problems):";
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
