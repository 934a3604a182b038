package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.EngineReads;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
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
 * services, the tasks of their current specs (one call each, sent at once), and every task of those few services
 * whose decision needs them ({@link ServiceSnapshot#needsAllTasks}: one more call, only when there are any).
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

    /**
     * Reads what deciding about {@code watched} needs: the nodes, the services and their current tasks at once, then
     * every task of the few services whose decision needs them.
     */
    static SwarmLook read(SwarmReader reader, Collection<WatchedService> watched) {
        Set<String> ids = ids(watched);
        EngineReads.Pending<List<SwarmNode>> nodes = EngineReads.start(reader::fetchNodes);
        EngineReads.Pending<List<SwarmService>> services = EngineReads.start(() -> reader.fetchServices(ids));
        // a service gone meanwhile has no view, so whatever tasks it left are never looked at
        EngineReads.Pending<List<SwarmTask>> tasks = EngineReads.start(() -> reader.fetchTasks(ids, true));
        List<SwarmNode> nodesRead = nodes.get();
        return of(reader, watched, services.get(), tasks.get(), nodesRead);
    }

    /**
     * The same look at services the caller has just read, with the tasks of their current specs and the swarm's
     * nodes (a deploy's read of its stack): only the few services whose decision needs every task are read again.
     *
     * @param read the services as read; those not watched are left alone
     */
    static SwarmLook of(SwarmReader reader, Collection<WatchedService> watched, List<SwarmService> read,
                        List<SwarmTask> currentTasks, List<SwarmNode> nodes) {
        Set<String> ids = ids(watched);
        Map<String, ServiceView> services = new HashMap<>();
        read.stream().filter(service -> ids.contains(service.id()))
                .forEach(service -> services.put(service.id(), ServiceView.of(service)));
        List<String> needingAll = services.values().stream().filter(ServiceSnapshot::needsAllTasks)
                .map(ServiceView::id).toList();
        Map<String, List<TaskView>> all = byService(reader.fetchTasks(needingAll, false));
        return new SwarmLook(services, byService(currentTasks), all, nodes.stream().map(NodeView::of).toList());
    }

    private static Set<String> ids(Collection<WatchedService> watched) {
        Set<String> ids = new LinkedHashSet<>();
        watched.forEach(service -> ids.add(service.id()));
        return ids;
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
