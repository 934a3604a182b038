package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.SwarmNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A swarm node ({@code GET /nodes}) and whether Swarm would run a global service's task on it: the
 * orchestrator gives every node that is not down, not drained or paused, and matches the placement
 * constraints and platforms a task, all at once.
 */
record NodeView(String id, String hostname, String role, String state, String availability, String address,
                String os, String architecture, Map<String, String> labels, Map<String, String> engineLabels) {

    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*");

    static NodeView of(SwarmNode node) {
        return new NodeView(node.id(), node.hostname(), node.role(), node.state(), node.availability(),
                node.address(), node.os(), node.architecture(), node.labels(), node.engineLabels());
    }

    /** Docker's progress code ignores tasks on nodes that are down. */
    boolean isDown() {
        return state.equals("down");
    }

    /** The name a user knows the node by: its host name, else its ID. */
    String name() {
        return hostname.isEmpty() ? id : hostname;
    }

    /** Why the node takes no new tasks, in words ({@code down}, {@code drained}, {@code paused}); empty when it does. */
    Optional<String> unavailability() {
        if (isDown()) {
            return Optional.of("down");
        }
        return switch (availability) {
            case "drain" -> Optional.of("drained");
            case "pause" -> Optional.of("paused");
            default -> Optional.empty();
        };
    }

    /** A change of a node between two looks, in a sentence; {@code isLoss}: the swarm has less room than before. */
    record Change(String text, boolean isLoss) {
    }

    /**
     * What changed in the swarm's nodes between two looks, one sentence per node that went down, came back, was
     * drained, paused or made active again, joined or left (a manager that restarts reports every node
     * {@code unknown} for a moment: not a change worth telling).
     */
    static List<Change> changes(List<NodeView> before, List<NodeView> after) {
        Map<String, NodeView> earlier = byId(before);
        Map<String, NodeView> later = byId(after);
        List<Change> changes = new ArrayList<>();
        for (NodeView now : after) {
            NodeView then = earlier.get(now.id);
            if (then == null) {
                changes.add(new Change("node " + now.name() + " joined the swarm", false));
                continue;
            }
            if (!then.isDown() && now.isDown()) {
                changes.add(new Change("node " + now.name() + " went down: its tasks no longer count, and Swarm"
                        + " starts its replicated tasks on other nodes", true));
            } else if (then.isDown() && now.state.equals("ready")) {
                changes.add(new Change("node " + now.name() + " is ready again", false));
            }
            if (!then.availability.equals(now.availability)) {
                changes.add(switch (now.availability) {
                    case "drain" -> new Change("node " + now.name() + " was drained: Swarm moves its tasks to other"
                            + " nodes", true);
                    case "pause" -> new Change("node " + now.name() + " was paused: it keeps its tasks and takes no"
                            + " new ones", true);
                    default -> new Change("node " + now.name() + " is " + now.availability + " again", false);
                });
            }
        }
        for (NodeView then : before) {
            if (!later.containsKey(then.id)) {
                changes.add(new Change("node " + then.name() + " left the swarm", true));
            }
        }
        return changes;
    }

    /**
     * Why no node can take a task of the service as far as its placement constraints and the nodes' state tell:
     * a constraint no node satisfies, constraints no node satisfies together, or the nodes that satisfy them all
     * being down, drained or paused. Empty when some available node satisfies them (then something else keeps
     * the task from a node: resources, ports, {@code max_replicas_per_node}, which Swarm's error names).
     */
    static Optional<String> placementProblem(ServiceView service, List<NodeView> nodes) {
        Optional<String> unsatisfiable = unsatisfiable(service.constraints(), nodes);
        if (unsatisfiable.isPresent()) {
            return unsatisfiable;
        }
        String names = nodes.stream().map(NodeView::name).sorted().collect(Collectors.joining(", "));
        List<NodeView> fitting = nodes.stream().filter(node -> node.matchesConstraints(service.constraints())
                && node.matchesPlatforms(service.platforms())).toList();
        if (fitting.isEmpty()) {
            return Optional.of("no node satisfies its placement and platforms (nodes: " + names + ")");
        }
        if (fitting.stream().allMatch(node -> node.unavailability().isPresent())) {
            return Optional.of("the only " + (fitting.size() == 1 ? "node that satisfies its placement is "
                    : "nodes that satisfy its placement are ") + fitting.stream()
                    .map(node -> node.name() + " (" + node.unavailability().get() + ")").collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }

    /**
     * The constraint no node satisfies, or that no node satisfies the constraints together, whatever the nodes'
     * state (a node that is down may come back); empty when a node satisfies them, or there are no nodes to judge.
     */
    static Optional<String> unsatisfiable(List<String> constraints, List<NodeView> nodes) {
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        String names = nodes.stream().map(NodeView::name).sorted().collect(Collectors.joining(", "));
        for (String constraint : constraints) {
            if (nodes.stream().noneMatch(node -> node.matchesConstraints(List.of(constraint)))) {
                return Optional.of("no node satisfies the placement constraint " + constraint + " (nodes: " + names
                        + ")");
            }
        }
        if (nodes.stream().noneMatch(node -> node.matchesConstraints(constraints))) {
            return Optional.of("no node satisfies all of the placement constraints " + String.join(", ", constraints)
                    + " together (nodes: " + names + ")");
        }
        return Optional.empty();
    }

    private static Map<String, NodeView> byId(List<NodeView> nodes) {
        return nodes.stream().collect(Collectors.toMap(NodeView::id, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    /** Swarm gives this node a new task of the service. */
    boolean acceptsNewTasks(ServiceView service) {
        return !isDown() && availability.equals("active") && matchesConstraints(service.constraints())
                && matchesPlatforms(service.platforms());
    }

    /**
     * Swarm's placement constraints: {@code key==value} / {@code key!=value}, values compared ignoring
     * case; an unknown key matches no node, as in Swarm.
     */
    boolean matchesConstraints(List<String> constraints) {
        for (String constraint : constraints) {
            boolean equals;
            int at = constraint.indexOf("==");
            if (at >= 0) {
                equals = true;
            } else {
                at = constraint.indexOf("!=");
                if (at < 0) {
                    return false;
                }
                equals = false;
            }
            String key = constraint.substring(0, at).strip().toLowerCase(Locale.ROOT);
            String expected = constraint.substring(at + 2).strip();
            if (!matches(key, constraint.substring(0, at).strip(), expected, equals)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(String key, String originalKey, String expected, boolean equals) {
        String actual;
        if (key.equals("node.id")) {
            actual = id;
        } else if (key.equals("node.hostname")) {
            actual = hostname;
        } else if (key.equals("node.role")) {
            actual = role;
        } else if (key.equals("node.platform.os")) {
            actual = os;
        } else if (key.equals("node.platform.arch")) {
            actual = architecture;
        } else if (key.equals("node.ip")) {
            return ipMatches(expected) == equals;
        } else if (key.startsWith("node.labels.") && key.length() > "node.labels.".length()) {
            actual = labels.getOrDefault(originalKey.substring("node.labels.".length()), "");
        } else if (key.startsWith("engine.labels.") && key.length() > "engine.labels.".length()) {
            actual = engineLabels.getOrDefault(originalKey.substring("engine.labels.".length()), "");
        } else {
            return false;
        }
        return expected.equalsIgnoreCase(actual) == equals;
    }

    private boolean ipMatches(String expected) {
        try {
            if (!IP_LITERAL.matcher(address).matches()) {
                return false;
            }
            byte[] node = InetAddress.getByName(address).getAddress();
            int slash = expected.indexOf('/');
            String network = slash < 0 ? expected : expected.substring(0, slash);
            if (!IP_LITERAL.matcher(network).matches()) {
                return false;
            }
            byte[] wanted = InetAddress.getByName(network).getAddress();
            if (wanted.length != node.length) {
                return false;
            }
            int bits = slash < 0 ? wanted.length * 8 : Integer.parseInt(expected.substring(slash + 1));
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((node[bit / 8] & mask) != (wanted[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** An empty platform list matches every node; architectures compare with x86_64=amd64, aarch64=arm64. */
    boolean matchesPlatforms(List<ServiceView.Platform> platforms) {
        if (platforms.isEmpty()) {
            return true;
        }
        String nodeArchitecture = normalise(architecture);
        return platforms.stream().anyMatch(platform ->
                (platform.architecture().isEmpty() || normalise(platform.architecture()).equals(nodeArchitecture))
                        && (platform.os().isEmpty() || platform.os().equals(os)));
    }

    private static String normalise(String architecture) {
        return switch (architecture) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> architecture;
        };
    }
}
