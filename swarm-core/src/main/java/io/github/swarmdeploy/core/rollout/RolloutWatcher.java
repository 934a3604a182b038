package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;
import io.github.swarmdeploy.core.event.EventListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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

    /** The default of a deploy's timeout. */
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
    /**
     * How long a task may wait for what Swarm will not change by itself (a node that fits, an IP address, a node
     * that went down while the update waits for it) before the rollout fails: placing and allocating take Swarm
     * milliseconds, and a node that is down for this long is not a blip.
     */
    static final Duration STUCK_GRACE = Duration.ofSeconds(15);
    /** How long the engine may stay unreachable (a restart, a leader election, a network blip) while watching. */
    static final Duration UNREACHABLE_TOLERANCE = Duration.ofSeconds(30);

    private final SwarmReader reader;
    private final String description;
    private final EventListener events;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final int failureThreshold;

    /** Watches through this engine and reports progress to {@code events}. */
    public RolloutWatcher(SwarmApi engine, EventListener events) {
        this(new EngineSwarmReader(Objects.requireNonNull(engine, "engine"), java.util.Optional.empty()),
                engine.description(), events,
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
     * services are looked at once. A zero timeout (a deploy's time budget used up) still looks once. Never
     * throws for a failed rollout: see {@link RolloutReport#isSuccess()} and {@link RolloutReport#throwIfFailed()}.
     *
     * @throws io.github.swarmdeploy.core.engine.EngineException when the engine cannot be reached
     * @throws SwarmDeployException                             when the thread is interrupted
     */
    public RolloutReport watch(List<WatchedService> services, Duration timeout) {
        return start(timeout).add(services).finish();
    }

    /**
     * Starts watching a rollout whose services are added while the deploy goes on ({@link Rollout#add}),
     * e.g. level by level of {@code depends_on}; every verdict is due within {@code timeout} from now.
     */
    public Rollout start(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        Instant startedAt = clock.instant();
        return new Rollout(this, startedAt, startedAt.plus(timeout));
    }

    /**
     * One look at services a deploy is about to leave alone, before it changes anything: each is
     * {@link Verdict#HEALTHY} (where its spec wants it) or {@link Verdict#DEGRADED} (saying what is wrong, with the
     * last task error), which the deploy then watches like an update ({@link WatchedService#unhealthy}). Sends no
     * events. One read for all of them ({@link SwarmLook}).
     *
     * @throws io.github.swarmdeploy.core.engine.EngineException when the engine cannot be reached
     */
    public List<ServiceOutcome> checkHealth(List<WatchedService> services) {
        return services.isEmpty() ? List.of() : checkHealth(services, read(services));
    }

    /**
     * The same look, at services just read with their current tasks and the swarm's nodes (by a deploy reading its
     * stack): only the few services whose decision needs every task are read again.
     *
     * @param read         the services as just read (those not among {@code services} are left alone)
     * @param currentTasks the tasks of their current specs, read with them
     * @param nodes        every node of the swarm, read with them
     */
    public List<ServiceOutcome> checkHealth(List<WatchedService> services, List<SwarmService> read,
                                            List<SwarmTask> currentTasks, List<SwarmNode> nodes) {
        return services.isEmpty() ? List.of()
                : checkHealth(services, SwarmLook.of(reader, services, read, currentTasks, nodes));
    }

    private List<ServiceOutcome> checkHealth(List<WatchedService> services, SwarmLook look) {
        Instant now = clock.instant();
        return services.stream().map(service -> ServiceTracker.checkHealth(service, look.of(service), now, now))
                .toList();
    }

    /**
     * The same watcher for services that all belong to {@code stack}: a look lists them, and their tasks, by the
     * stack's namespace label (what a deploy watches).
     */
    public RolloutWatcher inStack(String stack) {
        return new RolloutWatcher(reader.inStack(stack), description, events, clock, sleeper, pollInterval,
                failureThreshold);
    }

    /** A tracker for a created or updated service, from now on. */
    ServiceTracker track(WatchedService service) {
        return new ServiceTracker(service, clock.instant(), failureThreshold, GIVE_UP_GRACE);
    }

    /** One look at these services: a few engine calls, however many they are. */
    SwarmLook read(java.util.Collection<WatchedService> services) {
        return SwarmLook.read(reader, services);
    }

    Instant now() {
        return clock.instant();
    }

    Duration pollInterval() {
        return pollInterval;
    }

    EventListener events() {
        return events;
    }

    String description() {
        return description;
    }

    void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwarmDeployException("interrupted while watching the rollout; Swarm goes on with it"
                    + " (see docker service ps)", e);
        }
    }

    private static Duration positive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
        return duration;
    }
}
