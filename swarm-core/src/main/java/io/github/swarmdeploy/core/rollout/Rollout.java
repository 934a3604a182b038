package io.github.swarmdeploy.core.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One deploy's rollout, watched while the deploy goes on ({@link RolloutWatcher#start}): services are added
 * as they are created or updated ({@link #add}); a deploy that orders services by {@code depends_on} waits
 * until a level is up ({@link #awaitUp}) before it touches the services that depend on it; {@link #finish}
 * waits for every verdict. Every look covers all services added so far, so their monitor windows run
 * together: a level's window is not waited for before the next level starts, only at the end.
 *
 * <p>Not thread-safe: one deploy drives it from one thread.
 */
public final class Rollout {

    private final RolloutWatcher watcher;
    private final Instant startedAt;
    private final Instant deadline;
    private final Set<String> ids = new HashSet<>();
    private final Map<WatchedService, ServiceOutcome> outcomes = new LinkedHashMap<>();
    private final List<WatchedService> order = new ArrayList<>();
    private final List<WatchedService> unchecked = new ArrayList<>();
    private final Map<WatchedService, ServiceTracker> pending = new LinkedHashMap<>();
    private final Map<ServiceTracker, String> lastStates = new HashMap<>();
    private final Looks looks = new Looks();
    private List<NodeView> lastNodes;

    Rollout(RolloutWatcher watcher, Instant startedAt, Instant deadline) {
        this.watcher = watcher;
        this.startedAt = startedAt;
        this.deadline = deadline;
    }

    /**
     * Adds services the deploy just created or updated, or found unhealthy (watched from now on), or left alone
     * (looked at once; watched from then on when that look finds them not healthy).
     *
     * @throws IllegalArgumentException when a service was added before
     */
    public Rollout add(List<WatchedService> services) {
        Set<String> added = new HashSet<>(ids);
        for (WatchedService service : services) {
            if (!added.add(service.id())) {
                throw new IllegalArgumentException("service " + service.name() + " (" + service.id()
                        + ") is given twice");
            }
        }
        for (WatchedService service : services) {
            ids.add(service.id());
            order.add(service);
            if (service.isWatched()) {
                pending.put(service, watcher.track(service));
            } else {
                unchecked.add(service);
            }
        }
        return this;
    }

    /**
     * Adds services the deploy leaves alone with the verdict of a look it took a moment ago, before it changed
     * anything ({@link RolloutWatcher#checkHealth}): healthy, so nothing is left to watch or look at.
     *
     * @throws IllegalArgumentException when a service was added before, or is not healthy
     */
    public Rollout addHealthy(List<ServiceOutcome> looks) {
        for (ServiceOutcome look : looks) {
            if (look.verdict() != Verdict.HEALTHY) {
                throw new IllegalArgumentException(look.name() + " is not healthy: " + look.summary());
            }
            if (!ids.add(look.service().id())) {
                throw new IllegalArgumentException("service " + look.name() + " (" + look.service().id()
                        + ") is given twice");
            }
            order.add(look.service());
            conclude(look);
        }
        return this;
    }

    /**
     * Watches every service added until each of {@code services} watched is up: its current
     * version's tasks run in every slot or eligible node (healthy, for tasks with a healthcheck; jobs and
     * one-shots completed) and Swarm is not rolling it back, or it converged. Does not wait for the monitor
     * window. Stops early when any service added got a failure verdict, or the timeout elapsed (then every
     * pending service timed out).
     *
     * @return true when they are all up; false when the rollout failed (see {@link #finish} for why)
     */
    public boolean awaitUp(List<WatchedService> services) {
        watcher.pollUntil(looks, deadline, () -> hasFailure() || services.stream().allMatch(this::isUp));
        return !hasFailure() && services.stream().allMatch(this::isUp);
    }

    /**
     * Watches until every service added has a verdict or the timeout elapsed; returns them in the order they
     * were added.
     */
    public RolloutReport finish() {
        watcher.pollUntil(looks, deadline, () -> unchecked.isEmpty() && pending.isEmpty());
        return new RolloutReport(order.stream().map(outcomes::get).toList(), startedAt, watcher.now());
    }

    private boolean isUp(WatchedService service) {
        if (!service.isWatched()) {
            return true;
        }
        ServiceOutcome outcome = outcomes.get(service);
        if (outcome != null) {
            return !outcome.isFailure();
        }
        ServiceTracker tracker = pending.get(service);
        return tracker != null && tracker.isUp();
    }

    private boolean hasFailure() {
        return outcomes.values().stream().anyMatch(ServiceOutcome::isFailure);
    }

    private void conclude(ServiceOutcome outcome) {
        outcomes.put(outcome.service(), outcome);
        watcher.events().on(new ServiceVerdictReached(outcome));
    }

    /** What the watcher's polling loop does with this rollout in each round. */
    final class Looks {

        /**
         * One look at every service still without a verdict, after telling what changed in the nodes. An unchanged
         * service found not healthy is watched from then on, like one the deploy found so before it began.
         */
        void look(List<NodeView> nodes) {
            if (lastNodes != null) {
                for (NodeView.Change change : NodeView.changes(lastNodes, nodes)) {
                    if (change.isLoss()) {
                        watcher.events().warn(change.text());
                    } else {
                        watcher.events().info(change.text());
                    }
                }
            }
            lastNodes = nodes;
            for (Iterator<WatchedService> it = unchecked.iterator(); it.hasNext(); ) {
                WatchedService service = it.next();
                ServiceOutcome look = ServiceTracker.checkHealth(service, watcher.read(service, nodes), startedAt,
                        watcher.now());
                it.remove();
                if (look.verdict() == Verdict.HEALTHY) {
                    conclude(look);
                } else {
                    WatchedService unhealthy = WatchedService.unhealthy(service.id(), service.name());
                    order.set(order.indexOf(service), unhealthy);
                    pending.put(unhealthy, watcher.track(unhealthy));
                }
            }
            for (Iterator<ServiceTracker> it = pending.values().iterator(); it.hasNext(); ) {
                ServiceTracker tracker = it.next();
                ServiceTracker.Step step = tracker.observe(watcher.read(tracker.service(), nodes), watcher.now());
                if (step instanceof ServiceTracker.Finished finished) {
                    conclude(finished.outcome());
                    it.remove();
                } else if (step instanceof ServiceTracker.Pending progress
                        && !progress.state().equals(lastStates.put(tracker, progress.state()))) {
                    watcher.events().on(new ServiceStateChanged(tracker.service().name(), progress.state()));
                }
            }
        }

        /** True while an unchanged service has not had its one look. */
        boolean hasUnchecked() {
            return !unchecked.isEmpty();
        }

        /** The timeout elapsed: every service still pending timed out. */
        void timeOut(Instant now) {
            pending.values().forEach(tracker -> conclude(tracker.timedOut(now)));
            pending.clear();
        }
    }
}
