package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.SwarmTask;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One look at some services, read in a number of engine calls that does not grow with theirs: the nodes, the
 * services, the tasks of their current specs (one call each), and every task of those few services whose decision
 * needs them ({@link ServiceSnapshot#needsAllTasks}: one more call, only when there are any).
 */
final class SwarmLook {

    private final Map<String, ServiceView> services;
    private final Map<String, List<TaskView>> currentTasks;
    private final Map<String, List<TaskView>> allTasks;
    private final List<NodeView> nodes;

    private SwarmLook(Map<String, ServiceView> services, Map<String, List<TaskView>> currentTasks,
                      Map<String, List<TaskView>> allTasks, List<NodeView> nodes) {
        this.services = services;
        this.currentTasks = currentTasks;
        this.allTasks = allTasks;
        this.nodes = nodes;
    }

    /** Reads what deciding about {@code watched} needs, the nodes first. */
    static SwarmLook read(SwarmReader reader, Collection<WatchedService> watched) {
        List<NodeView> nodes = reader.fetchNodes().stream().map(NodeView::of).toList();
        Set<String> ids = new LinkedHashSet<>();
        watched.forEach(service -> ids.add(service.id()));
        Map<String, ServiceView> services = new HashMap<>();
        reader.fetchServices(ids).forEach(service -> services.put(service.id(), ServiceView.of(service)));
        Map<String, List<TaskView>> current = byService(reader.fetchTasks(services.keySet(), true));
        List<String> needingAll = services.values().stream().filter(ServiceSnapshot::needsAllTasks)
                .map(ServiceView::id).toList();
        Map<String, List<TaskView>> all = byService(reader.fetchTasks(needingAll, false));
        return new SwarmLook(services, current, all, nodes);
    }

    /** What this look saw of one service (no service: it is gone). */
    ServiceSnapshot of(WatchedService service) {
        Optional<ServiceView> view = Optional.ofNullable(services.get(service.id()));
        if (view.isEmpty()) {
            return new ServiceSnapshot(Optional.empty(), List.of(), List.of(), nodes);
        }
        return new ServiceSnapshot(view, currentTasks.getOrDefault(service.id(), List.of()),
                allTasks.getOrDefault(service.id(), List.of()), nodes);
    }

    /** The swarm's nodes at this look. */
    List<NodeView> nodes() {
        return nodes;
    }

    private static Map<String, List<TaskView>> byService(List<SwarmTask> tasks) {
        Map<String, List<TaskView>> grouped = new HashMap<>();
        for (SwarmTask task : tasks) {
            grouped.computeIfAbsent(task.serviceId(), id -> new ArrayList<>()).add(TaskView.of(task));
        }
        return grouped;
    }
}
