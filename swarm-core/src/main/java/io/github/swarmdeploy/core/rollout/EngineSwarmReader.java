package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads services, tasks and nodes as raw JSON over an {@link EngineConnection}: docker-java 3.5.3 models
 * neither the job modes, {@code JobStatus} nor a task's {@code JobIteration}, and the manager's
 * {@code _up-to-date} task filter (what docker's own progress display uses) is not in its filter builder.
 */
final class EngineSwarmReader implements SwarmReader {

    private final EngineConnection engine;

    EngineSwarmReader(EngineConnection engine) {
        this.engine = engine;
    }

    @Override
    public Optional<JsonNode> fetchService(String serviceId) {
        try {
            return Optional.of(engine.fetchJson("/services/" + encode(serviceId)));
        } catch (EngineException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<JsonNode> fetchTasks(String serviceId, boolean upToDateOnly) {
        ObjectNode filters = engine.json().createObjectNode();
        filters.putArray("service").add(serviceId);
        if (upToDateOnly) {
            filters.putArray("_up-to-date").add("true");
        }
        return elements(engine.fetchJson("/tasks?filters=" + encode(filters.toString())));
    }

    @Override
    public List<JsonNode> fetchNodes() {
        return elements(engine.fetchJson("/nodes"));
    }

    private static List<JsonNode> elements(JsonNode answer) {
        List<JsonNode> elements = new ArrayList<>();
        if (answer instanceof ArrayNode array) {
            array.forEach(elements::add);
        }
        return elements;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
