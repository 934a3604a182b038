package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The watcher's reads on the engine's port, one call each. Tasks of the current spec come from the manager's
 * {@code _up-to-date} filter, what docker's own progress display uses.
 *
 * <p>Scoped to a stack, services and current tasks are listed by the stack's namespace label: the engine then
 * neither resolves nor matches one filter value per service, whatever the number of services watched; tasks
 * carry their service's labels, so the label selects them too. Unscoped, they are listed by service ID. Every task
 * of a service (not only its current spec's, a long history) is asked for by ID, for the few services whose
 * decision needs them.
 */
final class EngineSwarmReader implements SwarmReader {

    private final SwarmApi engine;
    private final Optional<Filters> scope;

    /**
     * @param scope the filter selecting the services of the watched stack ({@code label=<namespace label>}); empty
     *              to select services by ID
     */
    EngineSwarmReader(SwarmApi engine, Optional<Filters> scope) {
        this.engine = engine;
        this.scope = scope;
    }

    @Override
    public SwarmReader inStack(String stack) {
        return new EngineSwarmReader(engine, Optional.of(Filters.label(StackLabels.namespaceFilter(stack))));
    }

    @Override
    public List<SwarmService> fetchServices(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new TreeSet<>(ids);
        return engine.fetchServices(scope.orElseGet(() -> Filters.of(Filters.ID, wanted))).stream()
                .filter(service -> wanted.contains(service.id())).toList();
    }

    @Override
    public List<SwarmTask> fetchTasks(Collection<String> serviceIds, boolean upToDateOnly) {
        if (serviceIds.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new TreeSet<>(serviceIds);
        Filters filters = upToDateOnly ? scope.orElseGet(() -> Filters.of(Filters.SERVICE, wanted)).upToDate()
                : Filters.of(Filters.SERVICE, wanted);
        return engine.fetchTasks(filters).stream().filter(task -> wanted.contains(task.serviceId())).toList();
    }

    @Override
    public List<SwarmNode> fetchNodes() {
        return engine.fetchNodes(Filters.none());
    }
}
