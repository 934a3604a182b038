package io.github.swarmdeploy.core.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far a service's current version has come, from one snapshot of its tasks: what docker's progress
 * code counts (running tasks of the current spec per slot or per eligible node, completed tasks of the
 * current job iteration), plus what it ignores (one-shot tasks that exited 0, replicas 0, global services
 * no node is eligible for) and the failures that decide a stuck rollout.
 *
 * @param done      slots or nodes that are where the spec wants them (running, or completed for good)
 * @param desired   how many there should be
 * @param running   tasks up and meant to stay up (these need the monitor window to prove stable)
 * @param reached   true when done == desired (replicas 0: no task of the service is still up)
 * @param started   true when every slot or node has a task that started (its container runs, a healthcheck may be
 *                  pending: state starting or running) or is done: what {@code depends_on} in Compose's sense waits
 *                  for
 * @param counts    the numbers in words, e.g. {@code 1/2 running}, {@code 3/3 completed}
 * @param failures  tasks of the current version created since {@code since} that failed, were rejected or
 *                  (restart condition any, not a job) exited although they should stay up
 * @param abandoned a failed task of the current version created since {@code since} whose slot or node has
 *                  no task left on its way up: Swarm will not try again (restart condition none, or
 *                  max_attempts used up)
 * @param coming    slots or nodes not done whose best task of the current version is on its way (new to starting,
 *                  or ready while Swarm waits out a restart delay)
 */
record TaskProgress(int done, int desired, int running, boolean reached, boolean started, String counts,
                    List<TaskView> failures, Optional<TaskView> abandoned, int coming) {

    /** Slots or nodes that are not done and have no task of the current version on its way. */
    int idle() {
        return Math.max(0, desired - done - coming);
    }

    /** Tasks are compared the way docker's progress code does when several share a slot or node. */
    private static final Comparator<TaskView> LOWEST_DESIRED_THEN_STATE =
            Comparator.comparing(TaskView::desiredState).thenComparing(TaskView::state);
    private static final Comparator<TaskView> LOWEST_STATE = Comparator.comparing(TaskView::state);

    /**
     * @param current tasks the manager reports up to date with the service's current spec
     * @param all     every task of the service, needed only for replicas 0 (empty otherwise)
     * @param since   only tasks created from then on count as failures of this change
     */
    static TaskProgress of(ServiceView service, List<TaskView> current, List<TaskView> all, List<NodeView> nodes,
                           Instant since) {
        Map<String, NodeView> nodesById = nodes.stream()
                .collect(Collectors.toMap(NodeView::id, Function.identity(), (a, b) -> a));
        List<TaskView> relevant = current.stream()
                .filter(task -> task.state().isRanked() && task.desiredState().isRanked())
                .filter(task -> task.nodeId().isEmpty() || !isDown(nodesById.get(task.nodeId())))
                .filter(task -> !service.mode().isJob() || service.jobIteration().isEmpty()
                        || task.belongsTo(service.jobIteration()))
                .toList();
        return switch (service.mode()) {
            case REPLICATED -> service.replicas() == 0
                    ? scaledToZero(all.isEmpty() ? current : all)
                    : replicated(service, relevant, since);
            case GLOBAL -> global(service, relevant, nodes, since);
            case REPLICATED_JOB -> replicatedJob(service, relevant, since);
            case GLOBAL_JOB -> globalJob(service, relevant, nodes, since);
        };
    }

    private static boolean isDown(NodeView node) {
        return node != null && node.isDown();
    }

    private static TaskProgress scaledToZero(List<TaskView> tasks) {
        long up = tasks.stream().filter(task -> task.state().isRanked() && task.state().isActive()).count();
        String counts = up == 0 ? "0/0 running" : "scaling to 0, " + up + (up == 1 ? " task" : " tasks") + " still up";
        return new TaskProgress(0, 0, 0, up == 0, up == 0, counts, List.of(), Optional.empty(), 0);
    }

    private static TaskProgress replicated(ServiceView service, List<TaskView> tasks, Instant since) {
        Map<String, List<TaskView>> bySlot = group(tasks, task -> "slot " + task.slot());
        return counted(service, bySlot, (int) service.replicas(), since);
    }

    private static TaskProgress global(ServiceView service, List<TaskView> tasks, List<NodeView> nodes,
                                       Instant since) {
        Set<String> expected = expectedNodes(service, tasks, nodes, TaskView::isActive);
        Map<String, List<TaskView>> byNode = group(tasks.stream()
                .filter(task -> expected.contains(task.nodeId())).toList(), TaskView::nodeId);
        expected.forEach(node -> byNode.putIfAbsent(node, List.of()));
        TaskProgress progress = counted(service, byNode, expected.size(), since);
        if (expected.isEmpty()) {
            return new TaskProgress(0, 0, 0, true, true, "0/0 running (no node matches the service's placement)",
                    progress.failures(), Optional.empty(), 0);
        }
        return progress;
    }

    /** Replicated and global services: a slot or node is done when its best task runs (or completed for good). */
    private static TaskProgress counted(ServiceView service, Map<String, List<TaskView>> groups, int desired,
                                        Instant since) {
        int running = 0;
        int completed = 0;
        int starting = 0;
        int coming = 0;
        for (List<TaskView> group : groups.values()) {
            Optional<TaskView> best = group.stream().min(LOWEST_DESIRED_THEN_STATE);
            if (best.isEmpty()) {
                continue;
            }
            if (best.get().isRunning()) {
                running++;
            } else if (best.get().state() == TaskState.COMPLETE && service.isOneShot()) {
                completed++;
            } else if (best.get().isActive()) {
                coming++;
                starting += best.get().hasStarted() ? 1 : 0;
            }
        }
        int done = running + completed;
        String counts = done + "/" + desired + (completed == 0 ? " running" : " done (" + running + " running, "
                + completed + " completed)");
        List<TaskView> failures = groups.values().stream().flatMap(List::stream)
                .filter(task -> !task.createdAt().isBefore(since))
                .filter(task -> task.state().isFailure()
                        || (task.state() == TaskState.COMPLETE && !service.isOneShot()))
                .toList();
        return new TaskProgress(done, desired, running, done == desired, done + starting >= desired, counts, failures,
                abandoned(groups, since), coming);
    }

    private static TaskProgress replicatedJob(ServiceView service, List<TaskView> tasks, Instant since) {
        Map<String, List<TaskView>> bySlot = group(tasks, task -> "slot " + task.slot());
        return completions(bySlot, (int) service.totalCompletions(), since);
    }

    private static TaskProgress globalJob(ServiceView service, List<TaskView> tasks, List<NodeView> nodes,
                                          Instant since) {
        Set<String> expected = expectedNodes(service, tasks, nodes, task -> true);
        Map<String, List<TaskView>> byNode = group(tasks.stream()
                .filter(task -> expected.contains(task.nodeId())).toList(), TaskView::nodeId);
        expected.forEach(node -> byNode.putIfAbsent(node, List.of()));
        return completions(byNode, expected.size(), since);
    }

    /** Jobs: a slot or node is done when its best task of the current iteration completed. */
    private static TaskProgress completions(Map<String, List<TaskView>> groups, int desired, Instant since) {
        int completed = 0;
        int running = 0;
        int started = 0;
        for (List<TaskView> group : groups.values()) {
            Optional<TaskView> best = group.stream().min(LOWEST_STATE);
            if (best.isPresent() && best.get().state() == TaskState.COMPLETE) {
                completed++;
            } else if (best.isPresent() && best.get().isActive()) {
                running++;
                started += best.get().hasStarted() ? 1 : 0;
            }
        }
        List<TaskView> failures = groups.values().stream().flatMap(List::stream)
                .filter(task -> !task.createdAt().isBefore(since) && task.state().isFailure())
                .toList();
        String counts = completed + "/" + desired + " completed" + (running == 0 ? "" : ", " + running + " running");
        return new TaskProgress(completed, desired, 0, completed >= desired, completed + started >= desired, counts,
                failures, abandoned(groups, since), running);
    }

    /**
     * Nodes a global service or job should have a task on: every node Swarm gives new tasks to, plus those
     * (not down) that already hold a task of the current version, e.g. a paused node that keeps its task.
     */
    private static Set<String> expectedNodes(ServiceView service, List<TaskView> tasks, List<NodeView> nodes,
                                             java.util.function.Predicate<TaskView> holds) {
        Set<String> known = nodes.stream().map(NodeView::id).collect(Collectors.toSet());
        Set<String> expected = new LinkedHashSet<>();
        nodes.stream().filter(node -> node.acceptsNewTasks(service)).forEach(node -> expected.add(node.id()));
        tasks.stream().filter(holds).map(TaskView::nodeId).filter(known::contains).forEach(expected::add);
        return expected;
    }

    /** The newest failed task of a slot or node that has no task on its way up any more. */
    private static Optional<TaskView> abandoned(Map<String, List<TaskView>> groups, Instant since) {
        return groups.values().stream()
                .filter(group -> !group.isEmpty() && group.stream().noneMatch(TaskView::isActive))
                .map(group -> group.stream().max(Comparator.comparing(TaskView::createdAt)).orElseThrow())
                .filter(newest -> newest.state().isFailure() && !newest.createdAt().isBefore(since))
                .max(Comparator.comparing(TaskView::createdAt));
    }

    private static Map<String, List<TaskView>> group(List<TaskView> tasks, Function<TaskView, String> key) {
        Map<String, List<TaskView>> groups = new HashMap<>();
        for (TaskView task : tasks) {
            groups.computeIfAbsent(key.apply(task), k -> new ArrayList<>()).add(task);
        }
        return groups;
    }

    /** The error of the most recent failure among these, if it said anything. */
    static Optional<String> lastError(List<TaskView> tasks) {
        return tasks.stream()
                .filter(task -> task.errorText().isPresent())
                .max(Comparator.comparing(TaskView::statusAt))
                .flatMap(TaskView::errorText);
    }
}
