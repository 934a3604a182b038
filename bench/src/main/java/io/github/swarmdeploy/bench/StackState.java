package io.github.swarmdeploy.bench;

import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;

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
        for (SwarmService service : engine.swarm().fetchServices(labelFilter(stack))) {
            versions.put(service.name(), service.version());
            serviceIds.add(service.id());
        }
        Set<String> running = new HashSet<>();
        if (!serviceIds.isEmpty()) {
            for (SwarmTask task : engine.swarm().fetchTasks(Filters.of(Filters.SERVICE, serviceIds)
                    .and(Filters.DESIRED_STATE, "running"))) {
                running.add(task.id());
            }
        }
        return new StackState(Map.copyOf(versions), Set.copyOf(running));
    }

    /** Services created, removed or with a new version since {@code before}. */
    int servicesChangedSince(StackState before) {
        Set<String> names = new HashSet<>(before.serviceVersions.keySet());
        names.addAll(serviceVersions.keySet());
        names.removeIf(name -> java.util.Objects.equals(before.serviceVersions.get(name), serviceVersions.get(name)));
        return names.size();
    }

    /** The services there now that were created or got a new version since {@code before}. */
    Set<String> servicesChangedFrom(StackState before) {
        Set<String> names = new HashSet<>(serviceVersions.keySet());
        names.removeIf(name -> serviceVersions.get(name).equals(before.serviceVersions.get(name)));
        return names;
    }

    /** Tasks that should run now and were not running (or not wanted) {@code before}: new containers. */
    int tasksStartedSince(StackState before) {
        Set<String> started = new HashSet<>(runningTaskIds);
        started.removeAll(before.runningTaskIds);
        return started.size();
    }

    /** The filter selecting the objects of {@code stack}. */
    static Filters labelFilter(String stack) {
        return Filters.label(NAMESPACE + "=" + stack);
    }
}
