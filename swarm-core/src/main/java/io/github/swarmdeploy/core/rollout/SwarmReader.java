package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;

import java.util.List;
import java.util.Optional;

/** The reads the watcher decides on: the part of the engine's port it needs, so that tests can script it. */
interface SwarmReader {

    /** The service; empty when it does not exist. */
    Optional<SwarmService> fetchService(String serviceId);

    /** The service's tasks; only those up to date with its current spec when asked. */
    List<SwarmTask> fetchTasks(String serviceId, boolean upToDateOnly);

    /** Every node of the swarm. */
    List<SwarmNode> fetchNodes();
}
