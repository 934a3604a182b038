package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Service spec fields that newer Engine API versions added: an older engine ignores them, so it never
 * reports them back. Comparing a spec that has one with what such an engine reports would show a change on
 * every deploy; these fields are therefore left out of the comparison on engines that predate them, and the
 * user is told that the engine ignores them.
 */
public final class EngineFeatures {

    /** A field, where in the spec it is, its compose name, and the API version that introduced it. */
    private record Feature(String composeName, String since, List<String> path) {
    }

    private static final List<Feature> FEATURES = List.of(
            new Feature("healthcheck.start_interval", "1.44", List.of("TaskTemplate", "ContainerSpec", "Healthcheck", "StartInterval")),
            new Feature("oom_score_adj", "1.46", List.of("TaskTemplate", "ContainerSpec", "OomScoreAdj")),
            new Feature("volumes[].volume.subpath", "1.45", List.of("TaskTemplate", "ContainerSpec", "Mounts", "*", "VolumeOptions", "Subpath")),
            new Feature("volumes[].bind.create_host_path", "1.42", List.of("TaskTemplate", "ContainerSpec", "Mounts", "*", "BindOptions", "CreateMountpoint")));

    private final String apiVersion;

    /** @param apiVersion the engine's API version ({@code GET /version} {@code ApiVersion}, e.g. {@code 1.41}) */
    public EngineFeatures(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    /** Compose names of fields this spec sets that the engine does not know, each with the version it needs. */
    public List<String> unsupportedIn(JsonNode spec) {
        List<String> found = new ArrayList<>();
        for (Feature feature : FEATURES) {
            if (!isSupported(feature) && !collect(spec, feature.path(), 0).isEmpty()) {
                found.add(feature.composeName() + " (needs Docker API " + feature.since() + ", the engine speaks "
                        + apiVersion + ")");
            }
        }
        return found;
    }

    /** Removes, in place, the fields the engine does not know. */
    void strip(JsonNode spec) {
        for (Feature feature : FEATURES) {
            if (isSupported(feature)) {
                continue;
            }
            String field = feature.path().get(feature.path().size() - 1);
            for (JsonNode parent : collect(spec, feature.path().subList(0, feature.path().size() - 1), 0)) {
                if (parent instanceof ObjectNode object) {
                    object.remove(field);
                }
            }
        }
    }

    private boolean isSupported(Feature feature) {
        return apiVersion.isEmpty() || compare(apiVersion, feature.since()) >= 0;
    }

    private static List<JsonNode> collect(JsonNode node, List<String> path, int index) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (index == path.size()) {
            return List.of(node);
        }
        List<JsonNode> found = new ArrayList<>();
        if (path.get(index).equals("*")) {
            node.forEach(element -> found.addAll(collect(element, path, index + 1)));
        } else {
            found.addAll(collect(node.get(path.get(index)), path, index + 1));
        }
        return found;
    }

    /** Compares dotted versions numerically ({@code 1.9 < 1.41}). */
    static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? parse(a[i]) : 0;
            int y = i < b.length ? parse(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static int parse(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
