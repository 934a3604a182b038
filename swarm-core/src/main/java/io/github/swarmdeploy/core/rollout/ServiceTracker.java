package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.compose.DurationText;
import io.github.swarmdeploy.core.rollout.ServiceView.UpdateState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, one snapshot at a time, whether a created or updated service has converged, failed, been
 * rolled back or paused. Pure: all it knows comes from the snapshots and the instants it is given.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Service gone: failed.</li>
 *   <li>Swarm's verdicts: {@code UpdateStatus.State} {@code paused} or {@code rollback_paused}: paused;
 *       {@code rollback_completed}: rolled back (with the reason Swarm gave when it started the rollback),
 *       once the previous version's tasks are up again (or fail too, or time runs out);
 *       {@code rollback_started}: keep watching the rollback.</li>
 *   <li>While Swarm's updater or rollback runs with failure action pause or rollback, it reacts to task
 *       failures itself; otherwise (created services, completed updates, failure action continue):
 *       <ul><li>restart loop: {@code failureThreshold} tasks of the current version failed (or, restart
 *       condition any, exited) since the last time more of them were done (running or completed): failed;</li>
 *       <li>given up: a slot or node has a failed task of the current version and no task on its way up,
 *       for {@code giveUpGrace} (restart condition none, max_attempts used up): failed.</li></ul></li>
 *   <li>Stuck: a task of the current version has waited for {@code stuckGrace}, whatever Swarm's updater does,
 *       for what Swarm will not change by itself: pending with the scheduler's reason (no node fits), new
 *       (Swarm could not allocate its network: no address left), or given to a node that went down while
 *       Swarm's update waits for it to run: failed, with Swarm's reason and what is known of the cause. While
 *       Swarm's update runs, a pending or new task waits the tasks' stop grace period longer: an old task that
 *       is stopping still holds its port, node slot or address. Idle: with no update in progress, slots or nodes
 *       that run no task of the current spec and have none on its way (seen after a paused update was sent again
 *       unchanged): Swarm will not replace them by itself.</li>
 *   <li>Converged: every slot (replicated), eligible node (global) runs a task of the current spec, or
 *       completed it for good (restart condition none/on-failure), jobs completed their count, replicas 0
 *       have no task up; Swarm is not rolling back; and they stayed so for the update monitor window
 *       ({@code UpdateConfig.Monitor}, Swarm's default 5s): docker's rule. Jobs, and services with nothing
 *       running while Swarm's updater is not at work, need no window.</li>
 * </ol>
 *
 * <p>Swarm's own {@code completed} is not awaited: its updater waits {@code UpdateConfig.Delay} after the last
 * batch too, then the monitor window, while a task that fails more than the monitor window after it started
 * running no longer triggers the failure action. Once every slot has run a task of the current spec for the
 * window, nothing Swarm's updater still does can pause or roll back this update; before that, a pause or
 * rollback it starts is seen (the window is measured from our own look, never before the task ran).
 */
final class ServiceTracker {

    /**
     * How much later than a task's own timestamp a window ends: a task that fails at the last moment of Swarm's
     * monitor window reaches the manager's store some 100 ms later (the agent reports it, the dispatcher writes in
     * batches), and Swarm's updater, which counts from when it saw the task run, marks the update completed about
     * that late too. Half a second keeps the verdict behind both.
     */
    static final Duration REPORTING_LAG = Duration.ofMillis(500);

    private static final Pattern TASK_IN_MESSAGE = Pattern.compile("\\btask ([a-z0-9]{25})\\b");

    private final WatchedService watched;
    private final Instant startedAt;
    private final int failureThreshold;
    private final Duration giveUpGrace;
    private final Duration stuckGrace;

    private Instant since;
    private Instant lastLookAt;
    private Instant reachedAt;
    private Instant windowEnd;
    private boolean up;
    private boolean started;
    private final Grace abandonment = new Grace();
    private final Grace portBlocked = new Grace();
    private final Set<String> failedTaskIds = new HashSet<>();
    private boolean baselineTaken;
    private final Map<String, Instant> stuckSince = new HashMap<>();
    private List<NodeView> nodesAtStart;
    private String nodeNote = "";
    private String waitingNote = "";
    private int failuresAtBest;
    private int bestDone;
    private String rollbackReason;
    private String lastTaskError;
    private String lastPhase = "waiting for the service";
    private Optional<String> image = Optional.empty();
    private String newImage;
    private String lastCounts = "";
    private Rollback rollback;

    /** What Swarm's rollback told, kept while the previous version comes back up. */
    private record Rollback(Optional<String> reason, Optional<String> failedImage, Optional<String> taskError) {
    }

    ServiceTracker(WatchedService watched, Instant startedAt, int failureThreshold, Duration giveUpGrace) {
        this(watched, startedAt, failureThreshold, giveUpGrace, RolloutWatcher.STUCK_GRACE);
    }

    ServiceTracker(WatchedService watched, Instant startedAt, int failureThreshold, Duration giveUpGrace,
                   Duration stuckGrace) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, was " + failureThreshold);
        }
        this.watched = watched;
        this.startedAt = startedAt;
        this.failureThreshold = failureThreshold;
        this.giveUpGrace = giveUpGrace;
        this.stuckGrace = stuckGrace;
    }

    WatchedService service() {
        return watched;
    }

    /** Whether a condition Swarm will not end by itself has held, without a break, for {@code giveUpGrace}. */
    private final class Grace {
        private Instant since;

        void reset() {
            since = null;
        }

        boolean heldForTheGrace(boolean holds, Instant now) {
            if (!holds) {
                reset();
                return false;
            }
            if (since == null) {
                since = now;
            }
            return !now.isBefore(since.plus(giveUpGrace));
        }
    }

    /** The result of one observation: still going (with its state in words) or finished. */
    sealed interface Step permits Pending, Finished {
    }

    record Pending(String state) implements Step {
    }

    record Finished(ServiceOutcome outcome) implements Step {
    }

    Step observe(ServiceSnapshot snapshot, Instant now) {
        Instant previousLook = lastLookAt == null ? startedAt : lastLookAt;
        lastLookAt = now;
        up = false;
        started = false;
        windowEnd = null;
        if (snapshot.service().isEmpty()) {
            return finish(Verdict.FAILED, "removed", "the service was removed while its rollout was watched",
                    Optional.empty(), now);
        }
        ServiceView service = snapshot.service().get();
        image = optional(service.image());
        if (newImage == null && !service.updateState().isRollback()) {
            newImage = service.image();
        }
        Instant changeStart = service.changeStartedAt(watched.change());
        if (since == null || changeStart.isBefore(since)) {
            since = changeStart;
        }
        TaskProgress progress = TaskProgress.of(service, snapshot.currentTasks(), snapshot.allTasks(),
                snapshot.nodes(), since);
        if (!baselineTaken && watched.change() == WatchedService.Change.UNHEALTHY) {
            // a service found unhealthy: the failures before the watch began tell nothing of whether it recovers now
            // (a service that ran for days has some); those from here on count, as for an update
            progress.failures().forEach(task -> failedTaskIds.add(task.id()));
            failuresAtBest = failedTaskIds.size();
        }
        baselineTaken = true;
        noteLostNodes(service, snapshot.nodes());
        // an unhealthy service the deploy left alone runs the spec the files ask for, whatever Swarm did to get
        // there: a rollback that brought it back to that spec is no failure of this deploy
        boolean specOfTheFiles = watched.change() == WatchedService.Change.UNHEALTHY;
        if (specOfTheFiles || !service.updateState().isRollback()) {
            // once Swarm rolls back an update, the current tasks are the previous version's: not the error to report
            TaskProgress.lastError(snapshot.currentTasks().stream()
                    .filter(task -> !task.createdAt().isBefore(since)).toList())
                    .ifPresent(error -> lastTaskError = error);
        }

        UpdateState state = specOfTheFiles && service.updateState() == UpdateState.ROLLBACK_COMPLETED
                ? UpdateState.COMPLETED : service.updateState();
        switch (state) {
            case PAUSED:
                return finish(Verdict.PAUSED, UpdateState.PAUSED.text(), service.updateMessage(),
                        errorOfFailedVersion(service, snapshot, service.image()), now);
            case ROLLBACK_PAUSED:
                return finish(Verdict.PAUSED, UpdateState.ROLLBACK_PAUSED.text(),
                        rollbackReason == null ? service.updateMessage()
                                : service.updateMessage() + " (rolling back because: " + rollbackReason + ")",
                        errorOfFailedVersion(service, snapshot, failedImage(service, snapshot)), now);
            case ROLLBACK_COMPLETED:
                if (rollback == null) {
                    String failedImage = failedImage(service, snapshot);
                    // Swarm overwrites its reason with "rollback completed": when no look caught rollback_started,
                    // the failed tasks of the version rolled back say what went wrong
                    rollback = new Rollback(optional(rollbackReason == null
                            ? rollbackCause(service, snapshot, failedImage) : rollbackReason),
                            optional(failedImage), errorOfFailedVersion(service, snapshot, failedImage));
                    // from here on, failures are those of the previous version coming back
                    progress.failures().forEach(task -> failedTaskIds.add(task.id()));
                    failuresAtBest = failedTaskIds.size();
                    bestDone = progress.done();
                }
                return afterRollback(service, progress, now);
            case ROLLBACK_STARTED:
                if (!service.updateMessage().isEmpty()) {
                    rollbackReason = service.updateMessage();
                }
                break;
            default:
                break;
        }

        Optional<Step> failure = portDeadlock(service, snapshot, progress, now).or(() -> failure(service, progress, now))
                .or(() -> stuck(service, snapshot, progress, now));
        if (failure.isPresent()) {
            return failure.get();
        }

        started = progress.started() && service.updateState() != UpdateState.ROLLBACK_STARTED;
        if (!progress.reached()) {
            reachedAt = null;
            lastPhase = verb(service) + ": " + progress.counts() + waitingNote;
            return new Pending(lastPhase + (lastTaskError == null ? "" : "; last task error: " + lastTaskError));
        }
        boolean rollingBack = service.updateState() == UpdateState.ROLLBACK_STARTED;
        up = !rollingBack;
        // nothing to prove stable: jobs stay done; with no task up (replicas 0, one-shots that completed) only
        // Swarm's updater could still count an ended task as a failure
        if (!service.updateState().isInProgress() && (service.mode().isJob() || progress.running() == 0)) {
            return finish(Verdict.CONVERGED, progress.counts(), null, Optional.empty(), now);
        }
        if (reachedAt == null) {
            reachedAt = reachedBetween(snapshot, previousLook, now);
        }
        windowEnd = rollingBack ? null : reachedAt.plus(service.monitor());
        if (!rollingBack && !now.isBefore(reachedAt.plus(service.monitor()))) {
            return finish(Verdict.CONVERGED, progress.counts(), null, Optional.empty(), now);
        }
        lastPhase = rollingBack ? verb(service) + ": " + progress.counts()
                : progress.running() == 0 ? progress.counts() + ", checking for " + RolloutText.duration(service.monitor())
                        + " that Swarm's update does not take their end for a failure"
                : progress.counts() + ", checking they stay up for " + RolloutText.duration(service.monitor());
        return new Pending(lastPhase);
    }

    /**
     * True when the last look found the current version where its spec wants it (every slot or eligible node
     * running a task of it, which for a task with a healthcheck means healthy; jobs and one-shots completed)
     * and Swarm not rolling back, whether or not the monitor window has passed: what a service's dependents
     * wait for before they are deployed.
     */
    boolean isUp() {
        return up;
    }

    /**
     * When the state the window proves began: Swarm's time of the newest running task's start, which Swarm's own
     * monitor counts from, plus {@link #REPORTING_LAG}, kept between the previous look (which did not see it) and this
     * one. Timed by the look alone, the window would start up to a poll interval late; an engine whose clock differs
     * from ours moves it by no more than that.
     */
    private static Instant reachedBetween(ServiceSnapshot snapshot, Instant previousLook, Instant now) {
        Instant newest = snapshot.currentTasks().stream().filter(TaskView::isRunning).map(TaskView::statusAt)
                .max(Comparator.naturalOrder()).map(at -> at.plus(REPORTING_LAG)).orElse(now);
        return newest.isBefore(previousLook) ? previousLook : newest.isAfter(now) ? now : newest;
    }

    /**
     * When the monitor window that the last look found running ends (the service then converges, unless a look
     * before sees otherwise); empty when no window runs. A watcher looks right then rather than up to a poll interval
     * later.
     */
    Optional<Instant> windowEnd() {
        return Optional.ofNullable(windowEnd);
    }

    /**
     * True when the last look found every slot or eligible node with a task of the current version that started
     * (its container runs, a healthcheck may be pending) or is done, and Swarm not rolling back: what Compose's
     * {@code depends_on} waits for.
     */
    boolean hasStarted() {
        return started;
    }

    /**
     * Swarm may declare a rollback complete before the previous version's tasks run again (seen with
     * stop-first updates); the verdict waits for them so that it can say the old version runs (or does not).
     */
    private Step afterRollback(ServiceView service, TaskProgress progress, Instant now) {
        lastCounts = progress.counts();
        if (progress.reached()) {
            return rolledBack(progress.counts(), now);
        }
        Optional<Step> failure = failure(service, progress, now);
        if (failure.isPresent() && failure.get() instanceof Finished failed) {
            return rolledBack(progress.counts() + ", and the previous version fails too: "
                    + failed.outcome().reason().orElse("") + failed.outcome().taskError().map(e -> " (" + e + ")")
                    .orElse(""), now);
        }
        lastPhase = "rolled back, waiting for the previous version: " + progress.counts();
        return new Pending(lastPhase);
    }

    private Finished rolledBack(String state, Instant now) {
        return new Finished(new ServiceOutcome(watched, Verdict.ROLLED_BACK, state, rollback.reason(),
                rollback.taskError(), image, rollback.failedImage(), startedAt, now));
    }

    /** The verdict when the timeout elapsed before any other. */
    ServiceOutcome timedOut(Instant now) {
        if (rollback != null) {
            return rolledBack(lastCounts, now).outcome();
        }
        return new ServiceOutcome(watched, Verdict.TIMED_OUT, lastPhase + nodeNote, Optional.empty(), optional(lastTaskError),
                image, Optional.empty(), startedAt, now);
    }

    private Optional<Step> failure(ServiceView service, TaskProgress progress, Instant now) {
        progress.failures().forEach(task -> failedTaskIds.add(task.id()));
        if (progress.done() > bestDone) {
            bestDone = progress.done();
            failuresAtBest = failedTaskIds.size();
        }
        if (service.isSwarmHandlingFailures()) {
            abandonment.reset();
            return Optional.empty();
        }
        int failuresWithoutProgress = failedTaskIds.size() - failuresAtBest;
        if (failuresWithoutProgress >= failureThreshold) {
            return Optional.of(finish(Verdict.FAILED, progress.counts(), failuresWithoutProgress
                            + " tasks of " + version() + " failed one after another",
                    progress.failures().stream().max(Comparator.comparing(TaskView::statusAt))
                            .flatMap(TaskView::endText).or(() -> optional(lastTaskError)), now));
        }
        if (!abandonment.heldForTheGrace(progress.abandoned().isPresent(), now)) {
            return Optional.empty();
        }
        TaskView task = progress.abandoned().get();
        return Optional.of(finish(Verdict.FAILED, progress.counts(), "task " + task.id() + " of " + version() + " "
                        + task.state().text() + (service.restartCondition().equals("any")
                        // under 'any' Swarm would restart it: what was seen is that it did not, in time
                        ? " and Swarm started no replacement within " + DurationText.format(giveUpGrace)
                        : " and Swarm will not restart it: restart condition " + service.restartCondition()
                        + " or max_attempts reached"),
                task.endText().or(() -> optional(lastTaskError)), now));
    }

    /**
     * Tasks of the current version waiting for something Swarm will not change by itself (see the class comment),
     * and since when; the verdict once one has waited for {@code stuckGrace}. Sets {@link #waitingNote} for the
     * progress line: such tasks are reported as soon as a second look finds them still waiting.
     */
    private Optional<Step> stuck(ServiceView service, ServiceSnapshot snapshot, TaskProgress progress, Instant now) {
        Map<String, NodeView> nodes = snapshot.nodes().stream()
                .collect(java.util.stream.Collectors.toMap(NodeView::id, Function.identity(), (a, b) -> a));
        Map<String, TaskView> waiting = new LinkedHashMap<>();
        boolean updaterWaits = service.updateState().isInProgress() && !progress.reached();
        for (TaskView task : snapshot.currentTasks()) {
            NodeView node = nodes.get(task.nodeId());
            boolean meantToRun = task.desiredState().compareTo(TaskState.RUNNING) <= 0;
            if (updaterWaits && task.state().compareTo(TaskState.RUNNING) < 0 && node != null && node.isDown()) {
                waiting.put("down " + task.id(), task);
            } else if (meantToRun && task.state() == TaskState.PENDING && !task.error().isEmpty()) {
                waiting.put("pending " + task.id(), task);
            } else if (meantToRun && task.state() == TaskState.NEW) {
                waiting.put("new " + task.id(), task);
            }
        }
        if (!service.updateState().isInProgress() && !progress.reached() && progress.idle() > 0) {
            waiting.put("idle", null);
        }
        stuckSince.keySet().retainAll(waiting.keySet());
        waiting.keySet().forEach(key -> stuckSince.putIfAbsent(key, now));
        List<String> seenBefore = waiting.keySet().stream().filter(key -> stuckSince.get(key).isBefore(now)).toList();
        waitingNote = waitingNote(seenBefore, waiting, nodes);
        Duration oldTaskStopping = service.updateState().isInProgress() ? service.stopGracePeriod() : Duration.ZERO;
        Optional<String> due = seenBefore.stream().filter(key -> !now.isBefore(stuckSince.get(key).plus(stuckGrace)
                        .plus(key.startsWith("down") ? Duration.ZERO : oldTaskStopping)))
                .min(Comparator.comparing((String key) -> key.startsWith("down") ? 0 : key.startsWith("pending") ? 1
                        : key.startsWith("new") ? 2 : 3));
        if (due.isEmpty()) {
            return Optional.empty();
        }
        if (due.get().equals("idle")) {
            String unit = service.mode().isGlobal() ? "nodes" : "slots";
            return Optional.of(finish(Verdict.FAILED, progress.counts(), "Swarm is not at work on " + progress.idle()
                    + " of " + progress.desired() + " " + unit + " that run no task of the current spec: none is on its"
                    + " way and no update is in progress" + " (" + RolloutText.duration(Duration.between(
                    stuckSince.get("idle"), now)) + "), so Swarm will not replace them by itself; docker service update"
                    + " --force " + service.name() + " restarts the update", optional(lastTaskError), now));
        }
        TaskView task = waiting.get(due.get());
        String waited = " for " + RolloutText.duration(Duration.between(stuckSince.get(due.get()), now));
        if (due.get().startsWith("down")) {
            String node = nodes.get(task.nodeId()).name();
            return Optional.of(finish(Verdict.FAILED, progress.counts(), "Swarm's "
                    + (service.updateState().isRollback() ? "rollback" : "update") + " has waited" + waited.substring(4)
                    + " for task " + task.id() + " of " + version() + ", which it gave to node " + node + " before "
                    + node + " went down: it goes on only once " + node + " is back, or removed from the swarm (docker"
                    + " node rm --force " + node + ")", Optional.empty(), now));
        }
        if (due.get().startsWith("pending")) {
            return Optional.of(finish(Verdict.FAILED, progress.counts(), "Swarm finds no node for task " + task.id()
                    + " of " + version() + " (pending" + waited + ")" + NodeView.placementProblem(service,
                    snapshot.nodes()).map(problem -> ": " + problem).orElse("") + "; it waits until a node fits",
                    Optional.of(task.error()), now));
        }
        return Optional.of(finish(Verdict.FAILED, progress.counts(), "Swarm has not allocated task " + task.id() + " of "
                + version() + waited + " (state new: no IP address yet): a network it joins has no free address"
                + " left (the manager logs \"could not find an available IP\"); give that network a larger subnet"
                + " (ipam config) or fewer tasks", Optional.empty(), now));
    }

    /** The progress line's words for tasks seen waiting at two looks or more. */
    private static String waitingNote(List<String> keys, Map<String, TaskView> waiting, Map<String, NodeView> nodes) {
        long unallocated = keys.stream().filter(key -> key.startsWith("new")).count();
        long unplaced = keys.stream().filter(key -> key.startsWith("pending")).count();
        List<String> onDownNodes = keys.stream().filter(key -> key.startsWith("down"))
                .map(key -> nodes.get(waiting.get(key).nodeId()).name()).distinct().toList();
        List<String> notes = new ArrayList<>();
        if (unplaced > 0) {
            notes.add(unplaced + (unplaced == 1 ? " task" : " tasks") + " pending: no node fits");
        }
        if (unallocated > 0) {
            notes.add(unallocated + (unallocated == 1 ? " task" : " tasks") + " without an IP address (state new)");
        }
        if (!onDownNodes.isEmpty()) {
            notes.add("Swarm's update waits for a task on " + String.join(", ", onDownNodes) + " (down)");
        }
        return notes.isEmpty() ? "" : "; " + String.join(", ", notes);
    }

    /**
     * Remembers the nodes that took the service's new tasks at the first look, and names those that no longer do
     * ({@link #nodeNote}): a verdict reached on fewer nodes says so.
     */
    private void noteLostNodes(ServiceView service, List<NodeView> nodes) {
        if (nodesAtStart == null) {
            nodesAtStart = nodes.stream().filter(node -> node.acceptsNewTasks(service)).toList();
        }
        Map<String, NodeView> now = nodes.stream()
                .collect(java.util.stream.Collectors.toMap(NodeView::id, Function.identity(), (a, b) -> a));
        List<String> lost = new ArrayList<>();
        for (NodeView before : nodesAtStart) {
            NodeView node = now.get(before.id());
            if (node == null) {
                lost.add(before.name() + " (left the swarm)");
            } else if (node.unavailability().isPresent()) {
                lost.add(node.name() + " (" + node.unavailability().get() + ")");
            }
        }
        nodeNote = lost.isEmpty() ? "" : ", without " + String.join(", ", lost);
    }

    /**
     * A start-first update of a service with a host-mode published port where no node is free for the new task:
     * Swarm stops the old task only once the new one runs, the new one waits for the port the old one holds,
     * and Swarm waits forever (its updater has no timeout). Once a new task has waited for that port for
     * {@code giveUpGrace}, the rollout failed, saying why and what to change.
     */
    private Optional<Step> portDeadlock(ServiceView service, ServiceSnapshot snapshot, TaskProgress progress,
                                        Instant now) {
        Optional<TaskView> waiting = watched.change() == WatchedService.Change.UPDATED && service.isStartFirst()
                && !service.hostModePorts().isEmpty()
                ? snapshot.currentTasks().stream()
                        .filter(task -> task.state().compareTo(TaskState.RUNNING) < 0
                                && task.error().contains(RolloutWatcher.HOST_PORT_IN_USE))
                        .findFirst()
                : Optional.empty();
        if (!portBlocked.heldForTheGrace(waiting.isPresent(), now)) {
            return Optional.empty();
        }
        String ports = service.hostModePorts().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        String order = service.updateState().isRollback() ? "rollback_config" : "update_config";
        return Optional.of(finish(Verdict.FAILED, progress.counts(), "start-first cannot replace the task: the new "
                        + "one needs host-mode port " + ports + ", which the old one holds on every node the new one may "
                        + "run on, and Swarm stops the old task only once the new one runs (it would wait forever; the "
                        + "old version keeps running). Set deploy." + order + ".order: stop-first, or leave a node free "
                        + "for the new task",
                waiting.get().errorText(), now));
    }

    /**
     * The image of the version Swarm rolled back: the one seen before the rollback began, else that of the
     * task Swarm's message names (Swarm drops {@code PreviousSpec} when it rolls back).
     */
    private String failedImage(ServiceView service, ServiceSnapshot snapshot) {
        if (newImage != null && !newImage.equals(service.image())) {
            return newImage;
        }
        return namedTasks(service, snapshot).stream().map(TaskView::image)
                .filter(named -> !named.isEmpty() && !named.equals(service.image()))
                .findFirst()
                .or(() -> optional(service.previousImage()).filter(previous -> !previous.equals(service.image())))
                .or(() -> tasksSinceTheChange(snapshot).stream()
                        .filter(task -> !task.image().isEmpty() && !task.image().equals(service.image()))
                        .max(Comparator.comparing(TaskView::createdAt)).map(TaskView::image))
                .orElse("");
    }

    /**
     * Why Swarm rolled back, from its tasks, when its own reason (given at {@code rollback_started}) was never
     * seen: the first task of the version rolled back that failed (else ended) since the change began, e.g.
     * {@code task X of the new version failed: task: non-zero exit (137): dockerexec: unhealthy container}.
     */
    private String rollbackCause(ServiceView service, ServiceSnapshot snapshot, String failedImage) {
        Optional<TaskView> cause = tasksSinceTheChange(snapshot).stream()
                .filter(task -> failedImage.isEmpty() ? !task.image().equals(service.image())
                        : task.image().equals(failedImage))
                .filter(task -> task.state().isRanked() && !task.state().isActive() && task.endText().isPresent())
                .min(Comparator.comparing((TaskView task) -> !task.state().isFailure())
                        .thenComparing(TaskView::statusAt));
        if (cause.isEmpty()) {
            return "Swarm rolled the update back; its reason was gone (\"" + service.updateMessage()
                    + "\") and no ended task of the new version was left to name";
        }
        TaskView task = cause.get();
        return "task " + task.id() + " of the new version " + (task.errorText().isPresent()
                ? "failed: " + task.error()
                : "ended " + task.state().text() + " with exit code " + task.exitCode()
                + (task.message().isEmpty() ? "" : " (" + task.message() + ")"));
    }

    private List<TaskView> tasksSinceTheChange(ServiceSnapshot snapshot) {
        List<TaskView> tasks = snapshot.allTasks().isEmpty() ? snapshot.currentTasks() : snapshot.allTasks();
        return tasks.stream().filter(task -> since == null || !task.createdAt().isBefore(since)).toList();
    }

    /** The tasks Swarm's update status names ("... early termination of task X"). */
    private List<TaskView> namedTasks(ServiceView service, ServiceSnapshot snapshot) {
        List<TaskView> tasks = snapshot.allTasks().isEmpty() ? snapshot.currentTasks() : snapshot.allTasks();
        Matcher named = TASK_IN_MESSAGE.matcher(service.updateMessage() + " "
                + (rollbackReason == null ? "" : rollbackReason));
        List<TaskView> found = new ArrayList<>();
        while (named.find()) {
            String id = named.group(1);
            tasks.stream().filter(task -> task.id().equals(id)).findFirst().ifPresent(found::add);
        }
        return found;
    }

    /**
     * The error of the task Swarm's message names ("update paused due to failure or early termination of
     * task X"), else the last one seen while watching, else the newest error of a task running that image.
     */
    private Optional<String> errorOfFailedVersion(ServiceView service, ServiceSnapshot snapshot, String failedImage) {
        Optional<String> named = namedTasks(service, snapshot).stream()
                .flatMap(task -> task.endText().stream()).findFirst();
        if (named.isPresent()) {
            return named;
        }
        if (lastTaskError != null) {
            return Optional.of(lastTaskError);
        }
        List<TaskView> tasks = snapshot.allTasks().isEmpty() ? snapshot.currentTasks() : snapshot.allTasks();
        return TaskProgress.lastError(tasks.stream()
                .filter(task -> failedImage.isEmpty() || task.image().equals(failedImage)).toList());
    }

    /** Whose tasks the failure rules are counting. */
    private String version() {
        return rollback != null ? "the previous version"
                : watched.change() == WatchedService.Change.UNHEALTHY ? "the current version" : "the new version";
    }

    private String verb(ServiceView service) {
        if (service.updateState() == UpdateState.ROLLBACK_STARTED) {
            return rollbackReason == null ? "rolling back" : "rolling back (" + rollbackReason + ")";
        }
        if (watched.change() == WatchedService.Change.UNHEALTHY) {
            return "unchanged, not healthy";
        }
        if (service.mode().isJob()) {
            return "running job";
        }
        return watched.change() == WatchedService.Change.CREATED ? "starting" : "updating";
    }

    private Finished finish(Verdict verdict, String state, String reason, Optional<String> taskError, Instant now) {
        return new Finished(new ServiceOutcome(watched, verdict, state + nodeNote, optional(reason), taskError, image,
                Optional.empty(), startedAt, now));
    }

    private static Optional<String> optional(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /**
     * The one-look verdict for a service this deploy did not touch: healthy when it is where its spec wants
     * it (an update Swarm is still finishing included), degraded when not, or when an update of it is paused or
     * running; a degraded service is then watched like an update ({@link WatchedService.Change#UNHEALTHY}).
     */
    static ServiceOutcome checkHealth(WatchedService watched, ServiceSnapshot snapshot, Instant startedAt,
                                      Instant now) {
        if (snapshot.service().isEmpty()) {
            return new ServiceOutcome(watched, Verdict.DEGRADED, "the service does not exist", Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), startedAt, now);
        }
        ServiceView service = snapshot.service().get();
        TaskProgress progress = TaskProgress.of(service, snapshot.currentTasks(), snapshot.allTasks(),
                snapshot.nodes(), Instant.EPOCH);
        Optional<String> error = TaskProgress.lastError(snapshot.currentTasks());
        Verdict verdict;
        String state;
        Optional<String> reason = optional(service.updateMessage());
        switch (service.updateState()) {
            case PAUSED, ROLLBACK_PAUSED -> {
                verdict = Verdict.DEGRADED;
                state = "its " + (service.updateState() == UpdateState.PAUSED ? "update" : "rollback")
                        + " is paused: " + reason.orElse("no reason given") + ", " + progress.counts();
            }
            case UPDATING, ROLLBACK_STARTED -> {
                // Swarm's updater still counts down its delay and monitor window after a rollout that is over (a
                // redeploy seconds after a deploy sees it): once every task ran for the window, nothing it does
                // can pause or roll back the update
                boolean finishing = service.updateState() == UpdateState.UPDATING && progress.reached()
                        && snapshot.currentTasks().stream().filter(TaskView::isRunning)
                        .allMatch(task -> !task.statusAt().plus(service.monitor()).isAfter(now));
                verdict = finishing ? Verdict.HEALTHY : Verdict.DEGRADED;
                state = finishing ? progress.counts() + " (Swarm's update of it is finishing)"
                        : "an update of it is in progress (" + service.updateState().text() + "), " + progress.counts();
            }
            default -> {
                verdict = progress.reached() ? Verdict.HEALTHY : Verdict.DEGRADED;
                state = progress.counts() + (service.updateState() == UpdateState.ROLLBACK_COMPLETED
                        ? " (its last update was rolled back)" : "");
            }
        }
        return new ServiceOutcome(watched, verdict, state, Optional.empty(),
                verdict == Verdict.HEALTHY ? Optional.empty() : error, optional(service.image()),
                Optional.empty(), startedAt, now);
    }
}
