package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;

import java.util.Collection;
import java.util.List;

/**
 * The reads the watcher decides on: the part of the engine's port it needs, so that tests can script it. Each
 * method is one call to the engine however many services it is about, so that a look at N services costs the same
 * few calls as a look at one.
 */
interface SwarmReader {

    /** Those of the services with these IDs that exist; none and no call for no ID. */
    List<SwarmService> fetchServices(Collection<String> ids);

    /**
     * The tasks of the services with these IDs (each task names its service); only those up to date with their
     * service's current spec when asked. None and no call for no ID.
     */
    List<SwarmTask> fetchTasks(Collection<String> serviceIds, boolean upToDateOnly);

    /** Every node of the swarm. */
    List<SwarmNode> fetchNodes();

    /**
     * The same reads for services that all belong to {@code stack}, which may then be listed by the stack's label
     * rather than one ID each.
     */
    default SwarmReader inStack(String stack) {
        return this;
    }
}
