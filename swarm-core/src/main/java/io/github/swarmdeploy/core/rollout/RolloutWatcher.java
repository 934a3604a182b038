package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.event.EventListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Watches the services a deploy created or updated until each has converged, failed, been rolled back or
 * paused by Swarm, or the timeout elapsed; looks once at the services it left alone. Reports one
 * {@link ServiceOutcome} per service and sends a {@link ServiceStateChanged} event each time a service's
 * state (in words) changes, and a {@link ServiceVerdictReached} event per verdict.
 *
 * <p>Unlike {@code docker stack deploy --detach=false}, a rollback is a failure, one-shot tasks that exited
 * 0 under restart condition none/on-failure count as done, and a task that keeps failing ends the wait.
 * The rules are those of {@link ServiceTracker}. Immutable; {@link #watch} may be called from several
 * threads.
 */
public final class RolloutWatcher {

    /** {@code swarm.timeout}'s default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Failed tasks of the new version, without any more of them running, that end the wait. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    /**
     * How long a failed slot may stay without a replacement before we conclude Swarm will not restart it;
     * Swarm creates the replacement (waiting out the restart delay in state {@code ready}) right away.
     */
    static final Duration GIVE_UP_GRACE = Duration.ofSeconds(3);
    /**
     * Swarm's scheduler's words (in a pending task's error) when no node can take a task because a port it
     * publishes in host mode is bound there: {@code no suitable node (host-mode port already in use on 1 node)}.
     */
    public static final String HOST_PORT_IN_USE = "host-mode port already in use";
    /** How long the engine may stay unreachable (a restart, a leader election, a network blip) while watching. */
    static final Duration UNREACHABLE_TOLERANCE = Duration.ofSeconds(30);

    private final SwarmReader reader;
    private final String description;
    private final EventListener events;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final int failureThreshold;

    /** Watches through this connection and reports progress to {@code events}. */
    public RolloutWatcher(EngineConnection engine, EventListener events) {
        this(new EngineSwarmReader(Objects.requireNonNull(engine, "engine")), engine.description(), events,
                Clock.systemUTC(),
                Sleeper.SYSTEM, DEFAULT_POLL_INTERVAL, DEFAULT_FAILURE_THRESHOLD);
    }

    RolloutWatcher(SwarmReader reader, String description, EventListener events, Clock clock, Sleeper sleeper,
                   Duration pollInterval, int failureThreshold) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.description = Objects.requireNonNull(description, "description");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.pollInterval = positive(pollInterval, "poll interval");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
    }

    /** Time between two looks at the swarm (default 1s). */
    public RolloutWatcher withPollInterval(Duration interval) {
        return new RolloutWatcher(reader, description, events, clock, sleeper, interval, failureThreshold);
    }

    /** How many failed tasks of a new version, without any more of them running, fail the rollout (default 3). */
    public RolloutWatcher withFailureThreshold(int threshold) {
        return new RolloutWatcher(reader, description, events, clock, sleeper, pollInterval, threshold);
    }

    /** The clock that times the rollout and the sleeper that waits between polls. */
    public RolloutWatcher withClock(Clock clock, Sleeper sleeper) {
        return new RolloutWatcher(reader, description, events, clock, sleeper, pollInterval, failureThreshold);
    }

    /**
     * Watches until every created or updated service has a verdict or {@code timeout} elapsed; unchanged
     * services are looked at once. A zero timeout (a deploy's time budget used up) still looks once. Never throws for a failed rollout: see {@link RolloutReport#isSuccess()}
     * and {@link RolloutReport#throwIfFailed()}.
     *
     * @throws io.github.swarmdeploy.core.engine.EngineException when the engine cannot be reached
     * @throws SwarmDeployException                             when the thread is interrupted
     */
    public RolloutReport watch(List<WatchedService> services, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        Set<String> ids = new HashSet<>();
        for (WatchedService service : services) {
            if (!ids.add(service.id())) {
                throw new IllegalArgumentException("service " + service.name() + " (" + service.id()
                        + ") is given twice");
            }
        }
        Instant startedAt = clock.instant();
        Instant deadline = startedAt.plus(timeout);
        Map<WatchedService, ServiceOutcome> outcomes = new HashMap<>();
        Round round = new Round(startedAt, outcomes);
        for (WatchedService service : services) {
            if (service.isChanged()) {
                round.pending.add(new ServiceTracker(service, startedAt, failureThreshold, GIVE_UP_GRACE));
            } else {
                round.unchecked.add(service);
            }
        }
        while (!round.isDone()) {
            try {
                round.run();
            } catch (EngineException e) {
                Instant now = clock.instant();
                if (!isTransient(e) || (round.unreachableSince != null
                        && !now.isBefore(round.unreachableSince.plus(UNREACHABLE_TOLERANCE)))) {
                    throw e;
                }
                if (round.unreachableSince == null) {
                    round.unreachableSince = now;
                    events.warn(e.getMessage() + "; retrying for up to "
                            + RolloutText.duration(UNREACHABLE_TOLERANCE));
                }
                if (!now.isBefore(deadline) && !round.unchecked.isEmpty()) {
                    throw e;
                }
            }
            if (round.isDone()) {
                break;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline) && round.unchecked.isEmpty()) {
                round.pending.forEach(tracker -> conclude(outcomes, tracker.timedOut(now)));
                break;
            }
            pause(now.isBefore(deadline) ? min(pollInterval, Duration.between(now, deadline)) : pollInterval);
        }
        return new RolloutReport(services.stream().map(outcomes::get).toList(), startedAt, clock.instant());
    }

    /** One look at every service still without a verdict. */
    private final class Round {
        private final Instant startedAt;
        private final Map<WatchedService, ServiceOutcome> outcomes;
        private final List<WatchedService> unchecked = new ArrayList<>();
        private final List<ServiceTracker> pending = new ArrayList<>();
        private final Map<ServiceTracker, String> lastStates = new HashMap<>();
        /** Since when the engine has not answered; null while it does. */
        private Instant unreachableSince;

        Round(Instant startedAt, Map<WatchedService, ServiceOutcome> outcomes) {
            this.startedAt = startedAt;
            this.outcomes = outcomes;
        }

        boolean isDone() {
            return unchecked.isEmpty() && pending.isEmpty();
        }

        void run() {
            List<NodeView> nodes = fetchNodes();
            if (unreachableSince != null) {
                events.info("the engine at " + description + " answers again");
                unreachableSince = null;
            }
            for (Iterator<WatchedService> it = unchecked.iterator(); it.hasNext(); ) {
                WatchedService service = it.next();
                conclude(outcomes, ServiceTracker.checkHealth(service, read(service, nodes), startedAt,
                        clock.instant()));
                it.remove();
            }
            for (Iterator<ServiceTracker> it = pending.iterator(); it.hasNext(); ) {
                ServiceTracker tracker = it.next();
                ServiceTracker.Step step = tracker.observe(read(tracker.service(), nodes), clock.instant());
                if (step instanceof ServiceTracker.Finished finished) {
                    conclude(outcomes, finished.outcome());
                    it.remove();
                } else if (step instanceof ServiceTracker.Pending progress
                        && !progress.state().equals(lastStates.put(tracker, progress.state()))) {
                    events.on(new ServiceStateChanged(tracker.service().name(), progress.state()));
                }
            }
        }
    }

    /** No answer at all, or a server-side error (a manager electing a leader answers 503): worth a retry. */
    private static boolean isTransient(EngineException e) {
        return e.isRetryable();
    }

    private ServiceSnapshot read(WatchedService service, List<NodeView> nodes) {
        Optional<ServiceView> view = reader.fetchService(service.id()).map(ServiceView::of);
        if (view.isEmpty()) {
            return new ServiceSnapshot(Optional.empty(), List.of(), List.of(), nodes);
        }
        List<TaskView> current = tasks(reader.fetchTasks(service.id(), true));
        List<TaskView> all = ServiceSnapshot.needsAllTasks(view.get())
                ? tasks(reader.fetchTasks(service.id(), false)) : List.of();
        return new ServiceSnapshot(view, current, all, nodes);
    }

    private List<NodeView> fetchNodes() {
        return reader.fetchNodes().stream().map(NodeView::of).toList();
    }

    private static List<TaskView> tasks(List<JsonNode> json) {
        return json.stream().map(TaskView::of).toList();
    }

    private void conclude(Map<WatchedService, ServiceOutcome> outcomes, ServiceOutcome outcome) {
        outcomes.put(outcome.service(), outcome);
        events.on(new ServiceVerdictReached(outcome));
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwarmDeployException("interrupted while watching the rollout; Swarm goes on with it"
                    + " (see docker service ps)", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration positive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
        return duration;
    }
}
