package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.swarmdeploy.core.compose.DurationText;
import io.github.swarmdeploy.core.compose.ServiceKeys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields in which two normalised service specs differ ({@link SpecNormalizer}), each named as a compose
 * user knows it and rendered without secret values: objects are compared field by field, lists as a whole.
 */
public final class SpecDiff {

    private static final int MAX_VALUE_LENGTH = 72;
    private static final String IMAGE = "TaskTemplate.ContainerSpec.Image";
    private static final String IMAGE_LABEL = "Labels.com.docker.stack.image";

    /**
     * Spec paths and the compose names they come from, most specific first; a field below them is named by
     * its path in snake_case ({@code TaskTemplate.ContainerSpec.StopGracePeriod} is {@code stop_grace_period}).
     */
    private static final Map<String, String> FIELD_NAMES = new LinkedHashMap<>();

    static {
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Image", "image");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Env", "environment");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Args", "command");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Command", "entrypoint");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Configs", "configs");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Secrets", "secrets");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Mounts", "volumes");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Labels", "labels");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Healthcheck", "healthcheck");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec.Dir", "working_dir");
        FIELD_NAMES.put("TaskTemplate.ContainerSpec", "");
        FIELD_NAMES.put("TaskTemplate.RestartPolicy", "deploy.restart_policy");
        FIELD_NAMES.put("TaskTemplate.Resources", "deploy.resources");
        FIELD_NAMES.put("TaskTemplate.Placement", "deploy.placement");
        FIELD_NAMES.put("TaskTemplate.Networks", "networks");
        FIELD_NAMES.put("TaskTemplate.LogDriver", "logging");
        FIELD_NAMES.put("TaskTemplate", "");
        FIELD_NAMES.put("Mode.Replicated.Replicas", "deploy.replicas");
        FIELD_NAMES.put("Mode", "deploy.mode");
        FIELD_NAMES.put("UpdateConfig", "deploy.update_config");
        FIELD_NAMES.put("RollbackConfig", "deploy.rollback_config");
        FIELD_NAMES.put("EndpointSpec.Ports", "ports");
        FIELD_NAMES.put("EndpointSpec.Mode", "deploy.endpoint_mode");
        FIELD_NAMES.put("Labels", "deploy.labels");
    }

    private SpecDiff() {
    }

    /** The differences from {@code before} (the swarm) to {@code after} (the files), in spec order. */
    public static List<FieldChange> between(JsonNode before, JsonNode after) {
        List<FieldChange> changes = new ArrayList<>();
        compare("", before, after, changes);
        if (changes.stream().anyMatch(change -> change.path().equals(IMAGE))) {
            // docker's label with the image as written changes with the image: one change, shown once
            changes.removeIf(change -> change.path().equals(IMAGE_LABEL));
        }
        return changes;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<FieldChange> changes) {
        if (before.equals(after)) {
            return;
        }
        if (path.equals("Mode") && before.isObject() && after.isObject()
                && !fieldNames(before).equals(fieldNames(after))) {
            changes.add(new FieldChange(path, fieldName(path), modeName(before), modeName(after)));
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> fields = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(fields::add);
            after.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                compare(path.isEmpty() ? field : path + "." + field, child(before, field), child(after, field), changes);
            }
            return;
        }
        changes.add(render(path, before, after));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code replicated}, {@code global}, {@code replicated-job}, {@code global-job}, as in compose. */
    private static String modeName(JsonNode mode) {
        return String.join(",", fieldNames(mode).stream()
                .map(name -> name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT))
                .toList());
    }

    private static JsonNode child(JsonNode node, String field) {
        JsonNode child = node.get(field);
        return child == null ? MissingNode.getInstance() : child;
    }

    private static FieldChange render(String path, JsonNode before, JsonNode after) {
        String field = fieldName(path);
        if (path.equals("TaskTemplate.ContainerSpec.Env")) {
            return new FieldChange(path, field, "", environmentChange(before, after));
        }
        if (path.equals("TaskTemplate.ContainerSpec.Secrets") || path.equals("TaskTemplate.ContainerSpec.Configs")) {
            String nameField = path.endsWith("Secrets") ? "SecretName" : "ConfigName";
            String change = setChange(names(before, nameField), names(after, nameField));
            if (!change.isEmpty()) {
                return new FieldChange(path, field, "", change);
            }
        }
        if (path.equals("TaskTemplate.ContainerSpec.Image")) {
            String[] shortened = ImageText.elideCommonPrefix(before.asText(""), after.asText(""));
            return new FieldChange(path, field, shortened[0], shortened[1]);
        }
        return new FieldChange(path, field, text(path, before), text(path, after));
    }

    /** The compose name for a spec path: the most specific known prefix, plus the rest of the path. */
    static String fieldName(String path) {
        for (Map.Entry<String, String> known : FIELD_NAMES.entrySet()) {
            String prefix = known.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + ".")) {
                String rest = prefix.endsWith("Labels") ? path.substring(prefix.length())
                        : snakeCase(path.substring(prefix.length()));
                String name = known.getValue();
                if (name.isEmpty()) {
                    return rest.isEmpty() ? prefix : rest.substring(1);
                }
                return name + rest;
            }
        }
        return path;
    }

    /** {@code .StartInterval} → {@code .start_interval}, as compose spells keys. */
    private static String snakeCase(String rest) {
        return rest.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** Variables added, changed and removed, by name only: their values may be secrets. */
    private static String environmentChange(JsonNode before, JsonNode after) {
        Map<String, String> old = environment(before);
        Map<String, String> now = environment(after);
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> variable : now.entrySet()) {
            if (!old.containsKey(variable.getKey())) {
                parts.add("+" + variable.getKey());
            } else if (!old.get(variable.getKey()).equals(variable.getValue())) {
                parts.add("~" + variable.getKey());
            }
        }
        old.keySet().stream().filter(name -> !now.containsKey(name)).forEach(name -> parts.add("-" + name));
        return String.join(" ", parts);
    }

    private static Map<String, String> environment(JsonNode list) {
        Map<String, String> variables = new java.util.TreeMap<>();
        for (JsonNode entry : iterable(list)) {
            String text = entry.asText();
            int equals = text.indexOf('=');
            variables.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
        }
        return variables;
    }

    private static Set<String> names(JsonNode references, String nameField) {
        Set<String> names = new TreeSet<>();
        for (JsonNode reference : iterable(references)) {
            names.add(reference.path(nameField).asText());
        }
        return names;
    }

    private static String setChange(Set<String> before, Set<String> after) {
        List<String> parts = new ArrayList<>();
        before.stream().filter(name -> !after.contains(name)).forEach(name -> parts.add("-" + name));
        after.stream().filter(name -> !before.contains(name)).forEach(name -> parts.add("+" + name));
        return String.join(" ", parts);
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node.isArray() ? node : List.of();
    }

    private static String text(String path, JsonNode value) {
        // nanoseconds of a key the model declares a duration, shown as compose writes durations
        if (value.isIntegralNumber() && ServiceKeys.isDuration(fieldName(path))) {
            return DurationText.format(Duration.ofNanos(value.longValue()));
        }
        return text(value);
    }

    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH - 1) + "…";
    }

}
