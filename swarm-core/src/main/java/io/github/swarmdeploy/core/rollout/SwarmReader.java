package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** Reads what the watcher decides on, as raw Engine API JSON. */
interface SwarmReader {

    /** {@code GET /services/ID}; empty when the service does not exist. */
    Optional<JsonNode> fetchService(String serviceId);

    /** {@code GET /tasks} of the service; only those up to date with its current spec when asked. */
    List<JsonNode> fetchTasks(String serviceId, boolean upToDateOnly);

    /** {@code GET /nodes}. */
    List<JsonNode> fetchNodes();
}
