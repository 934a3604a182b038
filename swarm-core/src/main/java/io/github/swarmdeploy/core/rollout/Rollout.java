package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.EngineException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One deploy's rollout, watched while the deploy goes on ({@link RolloutWatcher#start}): services are added
 * as they are created or updated ({@link #add}); a deploy that orders services by {@code depends_on} waits
 * until those a service depends on reached a {@link Milestone} ({@link #awaitAny}, {@link #hasReached}) before it
 * touches that service; {@link #finish} waits for every verdict. Every look covers all services added so far, in
 * one read whose engine calls do not grow with their number ({@link SwarmLook}), so their monitor windows run
 * together: a dependency's window is not waited for before its dependents start, only at the end.
 *
 * <p>Not thread-safe: one deploy drives it from one thread.
 */
public final class Rollout {

    /** How far a service's current version has come: what a service that depends on it may wait for. */
    public enum Milestone {
        /**
         * Every slot or eligible node has a task of the current version that started (its container runs; a
         * healthcheck may still be pending), or completed (jobs, one-shots).
         */
        STARTED,
        /**
         * Every slot or eligible node runs a task of the current version, healthy where it has a healthcheck (or
         * completed it, jobs and one-shots), and Swarm is not rolling it back; the monitor window need not have
         * passed.
         */
        UP
    }

    private final RolloutWatcher watcher;
    private final Instant startedAt;
    private final Instant deadline;
    private final Set<String> ids = new HashSet<>();
    private final Map<WatchedService, ServiceOutcome> outcomes = new LinkedHashMap<>();
    private final List<WatchedService> order = new ArrayList<>();
    private final List<WatchedService> unchecked = new ArrayList<>();
    private final Map<WatchedService, ServiceTracker> pending = new LinkedHashMap<>();
    private final Map<ServiceTracker, String> lastStates = new HashMap<>();
    private List<NodeView> lastNodes;
    private Instant unreachableSince;
    private Instant lastLook;

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
     * Watches every service added until each of {@code services} watched is up ({@link Milestone#UP}), or it
     * converged. Does not wait for the monitor window. Stops early when any service added got a failure verdict,
     * or the timeout elapsed (then every pending service timed out).
     *
     * @return true when they are all up; false when the rollout failed (see {@link #finish} for why)
     */
    public boolean awaitUp(List<WatchedService> services) {
        pollUntil(() -> hasFailure() || services.stream().allMatch(service -> hasReached(service, Milestone.UP)));
        return !hasFailure() && services.stream().allMatch(service -> hasReached(service, Milestone.UP));
    }

    /**
     * Watches every service added until at least one of {@code services} reached {@code milestone} (at once when
     * one has), any service added got a failure verdict, or the timeout elapsed.
     *
     * @return false when the rollout failed (see {@link #finish} for why)
     */
    public boolean awaitAny(Collection<WatchedService> services, Milestone milestone) {
        pollUntil(() -> hasFailure() || services.stream().anyMatch(service -> hasReached(service, milestone)));
        return !hasFailure();
    }

    /**
     * True when, at the last look, the service had reached {@code milestone} (or converged) and has no failure
     * verdict; a service added as unchanged (not watched) has.
     */
    public boolean hasReached(WatchedService service, Milestone milestone) {
        if (!service.isWatched()) {
            return true;
        }
        ServiceOutcome outcome = outcomes.get(service);
        if (outcome != null) {
            return !outcome.isFailure();
        }
        ServiceTracker tracker = pending.get(service);
        return tracker != null && (tracker.isUp() || (milestone == Milestone.STARTED && tracker.hasStarted()));
    }

    /** True when a service added got a failure verdict (failed, rolled back, paused, timed out). */
    public boolean hasFailure() {
        return outcomes.values().stream().anyMatch(ServiceOutcome::isFailure);
    }

    /**
     * One look, when a poll interval has passed since the last one (by the watcher's clock): for a deploy that
     * waits for something else meanwhile (its own calls to the engine) and still wants to see progress.
     */
    public void lookIfDue() {
        if ((pending.isEmpty() && unchecked.isEmpty())
                || (lastLook != null && watcher.now().isBefore(lastLook.plus(watcher.pollInterval())))) {
            return;
        }
        look();
        Instant now = watcher.now();
        if (!now.isBefore(deadline) && unchecked.isEmpty()) {
            timeOut(now);
        }
    }

    /**
     * Watches until every service added has a verdict or the timeout elapsed; returns them in the order they
     * were added.
     */
    public RolloutReport finish() {
        pollUntil(() -> unchecked.isEmpty() && pending.isEmpty());
        return new RolloutReport(order.stream().map(outcomes::get).toList(), startedAt, watcher.now());
    }

    private void conclude(ServiceOutcome outcome) {
        outcomes.put(outcome.service(), outcome);
        watcher.events().on(new ServiceVerdictReached(outcome));
    }

    /**
     * Looks until {@code done} holds (checked before the first look too) or the deadline passed, then concludes
     * every service still pending as timed out.
     */
    private void pollUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            look();
            if (done.getAsBoolean()) {
                break;
            }
            Instant now = watcher.now();
            if (!now.isBefore(deadline) && unchecked.isEmpty()) {
                timeOut(now);
                break;
            }
            watcher.pause(now.isBefore(deadline) ? min(untilNextLook(now), Duration.between(now, deadline))
                    : watcher.pollInterval());
        }
    }

    /**
     * One look at every service still without a verdict, in one read ({@link SwarmLook}), after telling what changed
     * in the nodes. An unchanged service found not healthy is watched from then on, like one the deploy found so
     * before it began. Rides out an
     * engine that stops answering for a while ({@link RolloutWatcher#UNREACHABLE_TOLERANCE}).
     */
    private void look() {
        lastLook = watcher.now();
        SwarmLook look;
        try {
            List<WatchedService> services = new ArrayList<>(unchecked);
            services.addAll(pending.keySet());
            look = watcher.read(services);
        } catch (EngineException e) {
            Instant now = watcher.now();
            if (!e.isRetryable() || (unreachableSince != null
                    && !now.isBefore(unreachableSince.plus(RolloutWatcher.UNREACHABLE_TOLERANCE)))) {
                throw e;
            }
            if (unreachableSince == null) {
                unreachableSince = now;
                watcher.events().warn(e.getMessage() + "; retrying for up to "
                        + RolloutText.duration(RolloutWatcher.UNREACHABLE_TOLERANCE));
            }
            if (!now.isBefore(deadline) && !unchecked.isEmpty()) {
                throw e;
            }
            return;
        }
        if (unreachableSince != null) {
            watcher.events().info("the engine at " + watcher.description() + " answers again");
            unreachableSince = null;
        }
        if (lastNodes != null) {
            for (NodeView.Change change : NodeView.changes(lastNodes, look.nodes())) {
                if (change.isLoss()) {
                    watcher.events().warn(change.text());
                } else {
                    watcher.events().info(change.text());
                }
            }
        }
        lastNodes = look.nodes();
        for (Iterator<WatchedService> it = unchecked.iterator(); it.hasNext(); ) {
            WatchedService service = it.next();
            ServiceOutcome health = ServiceTracker.checkHealth(service, look.of(service), startedAt, watcher.now());
            it.remove();
            if (health.verdict() == Verdict.HEALTHY) {
                conclude(health);
            } else {
                WatchedService unhealthy = WatchedService.unhealthy(service.id(), service.name());
                order.set(order.indexOf(service), unhealthy);
                pending.put(unhealthy, watcher.track(unhealthy));
            }
        }
        for (Iterator<ServiceTracker> it = pending.values().iterator(); it.hasNext(); ) {
            ServiceTracker tracker = it.next();
            ServiceTracker.Step step = tracker.observe(look.of(tracker.service()), watcher.now());
            if (step instanceof ServiceTracker.Finished finished) {
                conclude(finished.outcome());
                it.remove();
            } else if (step instanceof ServiceTracker.Pending progress
                    && !progress.state().equals(lastStates.put(tracker, progress.state()))) {
                watcher.events().on(new ServiceStateChanged(tracker.service().name(), progress.state()));
            }
        }
    }

    /**
     * A poll interval, or less when a monitor window ends sooner: the service converges at that look, not up to an
     * interval later (the deploy's exit waits for the last window).
     */
    private Duration untilNextLook(Instant now) {
        Duration wait = watcher.pollInterval();
        for (ServiceTracker tracker : pending.values()) {
            Optional<Instant> end = tracker.windowEnd();
            if (end.isPresent() && end.get().isAfter(now)) {
                wait = min(wait, Duration.between(now, end.get()));
            }
        }
        return wait;
    }

    /** The timeout elapsed: every service still pending timed out. */
    private void timeOut(Instant now) {
        pending.values().forEach(tracker -> conclude(tracker.timedOut(now)));
        pending.clear();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
