package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The stack cannot be deployed to this swarm as it is: an external network, secret or config is missing, an
 * image reference is invalid, a named config would have to change. Found before the first change, so
 * nothing on the swarm has changed; every problem is listed.
 */
public class StackNotDeployableException extends SwarmDeployException {

    /** {@code file:line:column } at the start of a problem that names where it is written. */
    private static final Pattern LOCATED = Pattern.compile("^(.+?):(\\d+):(\\d+) ");

    /** File, then line, then column: the order a user reads the files in; problems without a place last. */
    private static final Comparator<String> READING_ORDER = Comparator
            .comparing((String problem) -> !LOCATED.matcher(problem).find())
            .thenComparing(problem -> part(problem, 1), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(problem -> number(problem, 2))
            .thenComparingInt(problem -> number(problem, 3));

    private final List<String> problems;

    public StackNotDeployableException(String stack, List<String> problems) {
        this(problems.stream().sorted(READING_ORDER).toList(), stack);
    }

    private StackNotDeployableException(List<String> sorted, String stack) {
        super(render(stack, sorted));
        this.problems = sorted;
    }

    private static String part(String problem, int group) {
        Matcher matcher = LOCATED.matcher(problem);
        return matcher.find() ? matcher.group(group) : null;
    }

    private static int number(String problem, int group) {
        String text = part(problem, group);
        return text == null ? 0 : Integer.parseInt(text);
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
