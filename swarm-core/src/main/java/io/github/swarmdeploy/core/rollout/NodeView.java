package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.SwarmNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
