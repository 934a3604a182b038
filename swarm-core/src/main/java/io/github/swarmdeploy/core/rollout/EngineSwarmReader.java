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
 * <p>Scoped to a stack, services and current tasks of more than {@link #BY_ID_AT_MOST} services are listed by the
 * stack's namespace label: the engine then neither resolves nor matches one filter value per service, whatever the
 * number of services watched; tasks carry their service's labels, so the label selects them too. A few services,
 * and any unscoped, are listed by service ID: a deploy that changed one service of two hundred then reads one
 * service and its tasks at each look, not the whole stack (each look costs less, so the last comes sooner). Every task
 * of a service (not only its current spec's, a long history) is asked for by ID, for the few services whose
 * decision needs them.
 */
final class EngineSwarmReader implements SwarmReader {

    /** Up to this many services are asked for by ID even in a stack: a filter value each, but only their JSON. */
    static final int BY_ID_AT_MOST = 8;

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
        return engine.fetchServices(select(wanted, Filters.ID)).stream()
                .filter(service -> wanted.contains(service.id())).toList();
    }

    @Override
    public List<SwarmTask> fetchTasks(Collection<String> serviceIds, boolean upToDateOnly) {
        if (serviceIds.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new TreeSet<>(serviceIds);
        Filters filters = upToDateOnly ? select(wanted, Filters.SERVICE).upToDate() : Filters.of(Filters.SERVICE, wanted);
        return engine.fetchTasks(filters).stream().filter(task -> wanted.contains(task.serviceId())).toList();
    }

    /** The stack's label for many services, their IDs under {@code key} for a few (or without a stack). */
    private Filters select(Set<String> wanted, String key) {
        return scope.filter(stack -> wanted.size() > BY_ID_AT_MOST).orElseGet(() -> Filters.of(key, wanted));
    }

    @Override
    public List<SwarmNode> fetchNodes() {
        return engine.fetchNodes(Filters.none());
    }
}
