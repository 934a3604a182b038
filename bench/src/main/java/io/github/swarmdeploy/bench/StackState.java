package io.github.swarmdeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineConnection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the swarm holds of one stack at one moment: each service's raft version ({@code Version.Index}, bumped
 * by every ServiceUpdate) and the tasks that should run. Two states taken around a deploy say how many
 * services it updated and how many tasks it replaced.
 *
 * @param serviceVersions service name -> Version.Index
 * @param runningTaskIds  IDs of the stack's tasks whose desired state is {@code running}
 */
record StackState(Map<String, Long> serviceVersions, Set<String> runningTaskIds) {

    static final String NAMESPACE = "com.docker.stack.namespace";

    static StackState read(EngineConnection engine, String stack) {
        Map<String, Long> versions = new TreeMap<>();
        Set<String> serviceIds = new HashSet<>();
        for (JsonNode service : engine.fetchJson("/services?filters=" + labelFilter(stack))) {
            versions.put(service.path("Spec").path("Name").asText(), service.path("Version").path("Index").asLong());
            serviceIds.add(service.path("ID").asText());
        }
        Set<String> running = new HashSet<>();
        if (!serviceIds.isEmpty()) {
            String filters = filters(Map.of("service", serviceIds, "desired-state", Set.of("running")));
            for (JsonNode task : engine.fetchJson("/tasks?filters=" + filters)) {
                running.add(task.path("ID").asText());
            }
        }
        return new StackState(Map.copyOf(versions), Set.copyOf(running));
    }

    /** Services created, removed or with a new version since {@code before}. */
    int servicesChangedSince(StackState before) {
        Set<String> names = new HashSet<>(before.serviceVersions.keySet());
        names.addAll(serviceVersions.keySet());
        int changed = 0;
        for (String name : names) {
            if (!java.util.Objects.equals(before.serviceVersions.get(name), serviceVersions.get(name))) {
                changed++;
            }
        }
        return changed;
    }

    /** Tasks that should run now and were not running (or not wanted) {@code before}: new containers. */
    int tasksStartedSince(StackState before) {
        Set<String> started = new HashSet<>(runningTaskIds);
        started.removeAll(before.runningTaskIds);
        return started.size();
    }

    /** The Engine API {@code filters} query value selecting the objects of {@code stack}. */
    static String labelFilter(String stack) {
        return filters(Map.of("label", Set.of(NAMESPACE + "=" + stack)));
    }

    /** An Engine API {@code filters} query value: {@code {"key":["value",...],...}}, URL-encoded. */
    static String filters(Map<String, Set<String>> filters) {
        StringBuilder json = new StringBuilder("{");
        filters.forEach((key, values) -> {
            json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":[");
            json.append(String.join(",", values.stream().map(v -> '"' + v + '"').toList()));
            json.append(']');
        });
        return URLEncoder.encode(json.append('}').toString(), StandardCharsets.UTF_8);
    }
}
