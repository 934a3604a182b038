package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The stack cannot be deployed to this swarm as it is: an external network, secret or config is missing, an
 * image reference is invalid, a named config would have to change. Found before the first change, so
 * nothing on the swarm has changed; every problem is listed.
 */
public class StackNotDeployableException extends SwarmDeployException {

    private final List<String> problems;

    public StackNotDeployableException(String stack, List<String> problems) {
        super(render(stack, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String render(String stack, List<String> problems) {
        String header = "stack " + stack + " cannot be deployed (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "); nothing on the swarm was changed:";
        return problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
