package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Field-by-field differences between two JSON documents, one line per difference with its path, e.g.
 * {@code services.web.TaskTemplate.ContainerSpec.Env[2]: docker "A=1", ours "A=2"}. Arrays are compared by
 * position (order matters to Swarm), objects by key (order does not).
 */
public final class JsonDiff {

    private JsonDiff() {
    }

    /** Empty when equal. {@code left} is labelled docker's, {@code right} ours. */
    public static List<String> differences(JsonNode left, JsonNode right) {
        List<String> differences = new ArrayList<>();
        compare("", left, right, differences);
        return differences;
    }

    private static void compare(String path, JsonNode left, JsonNode right, List<String> differences) {
        boolean leftMissing = left == null || left.isMissingNode();
        boolean rightMissing = right == null || right.isMissingNode();
        if (leftMissing || rightMissing) {
            if (!(leftMissing && rightMissing)) {
                differences.add(describe(path) + ": docker " + render(left) + ", ours " + render(right));
            }
            return;
        }
        if (left.isObject() && right.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            left.fieldNames().forEachRemaining(keys::add);
            right.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, left.get(key), right.get(key), differences);
            }
            return;
        }
        if (left.isArray() && right.isArray()) {
            int size = Math.max(left.size(), right.size());
            for (int index = 0; index < size; index++) {
                compare(path + "[" + index + "]", left.get(index), right.get(index), differences);
            }
            return;
        }
        if (!left.equals(right)) {
            differences.add(describe(path) + ": docker " + render(left) + ", ours " + render(right));
        }
    }

    private static String describe(String path) {
        return path.isEmpty() ? "(document)" : path;
    }

    private static String render(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "(absent)";
        }
        String text = node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** A numbered report of the differences, for an assertion message. */
    public static String report(String title, List<String> differences) {
        StringBuilder text = new StringBuilder(title).append(": ").append(differences.size()).append(" difference(s)");
        Iterator<String> lines = differences.iterator();
        for (int number = 1; lines.hasNext(); number++) {
            text.append(System.lineSeparator()).append("  ").append(number).append(". ").append(lines.next());
        }
        return text.toString();
    }
}
