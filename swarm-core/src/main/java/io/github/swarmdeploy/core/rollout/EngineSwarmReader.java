package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;

import java.util.List;
import java.util.Optional;

/**
 * The watcher's reads on the engine's port. Tasks of the current spec come from the manager's
 * {@code _up-to-date} filter, what docker's own progress display uses.
 */
final class EngineSwarmReader implements SwarmReader {

    private final SwarmApi engine;

    EngineSwarmReader(SwarmApi engine) {
        this.engine = engine;
    }

    @Override
    public Optional<SwarmService> fetchService(String serviceId) {
        return engine.fetchService(serviceId);
    }

    @Override
    public List<SwarmTask> fetchTasks(String serviceId, boolean upToDateOnly) {
        Filters filters = Filters.service(serviceId);
        return engine.fetchTasks(upToDateOnly ? filters.upToDate() : filters);
    }

    @Override
    public List<SwarmNode> fetchNodes() {
        return engine.fetchNodes(Filters.none());
    }
}
