package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.DurationText;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock held in the swarm itself, so that two deploys of one stack never interleave, wherever they run:
 * a config named {@code <stack>_deploy-lock}. Creating a config with a name that exists fails atomically in
 * Swarm's raft store, so exactly one creator wins; the others wait, naming the holder.
 *
 * <p>The lock is a lease. Its holder refreshes it (a label update, the only change Swarm allows on a config,
 * which moves its version) every sixth of the lease; a lock whose version has not moved for a whole lease is
 * left over by a deploy that died, was killed or lost its connection (over SSH the release cannot reach the
 * engine), and the next deploy takes it over: no manual clean-up, and at most a lease of waiting. The age of
 * the last refresh is measured with the engine's clock ({@code UpdatedAt} against {@code /info}'s
 * {@code SystemTime}) and then with the waiter's own, never by comparing two machines' clocks. The taking over
 * is a compare-and-swap (a label update at the version seen as stale) before the removal, so a holder that
 * refreshed meanwhile keeps its lock, and a holder that comes back finds it taken ({@code takenOverBy}) and
 * says so. A lock without a lease label (written by an older version) and any lock older than the
 * time-to-live ({@code since} label) are stale as before. A config of that name that no deploy made (it lacks
 * the stack and holder labels) is someone else's: it is never taken over nor removed, the deploy stops with a
 * {@link LockNameTakenException} naming it.
 *
 * <p>This class is the thin adapter over the engine's port: it creates, reads, marks and removes the lock and
 * runs the heartbeat; what to do with what it reads (create, wait, take over, give up, refuse) is decided by
 * {@link LeaseDecider}, which does no I/O.
 *
 * <p>Why not only release the lock on a fresh connection when the first one died: that helps only when the
 * network came back before the build ended, not when the build was killed (a cancelled CI job) or the
 * machine went away; the lease covers every way a holder can vanish.
 */
public final class StackLock implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final SwarmApi engine;
    private final String name;
    private final String id;
    private final LockOptions options;
    private final Clock clock;
    private final EventListener events;
    private final ScheduledExecutorService heartbeat;
    private volatile String lostHow;
    private volatile boolean refreshFailing;
    private volatile boolean closing;

    private StackLock(SwarmApi engine, String name, String id, LockOptions options, Clock clock,
                      EventListener events) {
        this.engine = engine;
        this.name = name;
        this.id = id;
        this.options = options;
        this.clock = clock;
        this.events = events;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "swarm-deploy-lock-heartbeat " + name);
            thread.setDaemon(true);
            return thread;
        });
        long period = options.heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::refresh, period, period, TimeUnit.MILLISECONDS);
    }

    /** The name of the lock of {@code stack}. */
    public static String nameFor(String stack) {
        return stack + "_deploy-lock";
    }

    /**
     * Whether a config of the lock's name is on the swarm: held, left stale by a deploy that died, or someone
     * else's. One read; only {@link #acquire} tells these apart.
     */
    public static boolean exists(SwarmApi engine, String stack) {
        return fetchLock(engine, nameFor(stack)).isPresent();
    }

    /**
     * Takes the lock of {@code stack}, waiting up to {@code options.maxWait()} while someone else holds it, and
     * keeps it alive until {@link #close()}.
     *
     * @throws StackLockedException when it is still held by someone else after the wait
     */
    public static StackLock acquire(SwarmApi engine, String stack, LockOptions options, Clock clock,
                                    EventListener events) {
        String name = nameFor(stack);
        LeaseDecider decider = new LeaseDecider(stack, options, clock.instant());
        while (true) {
            Instant now = clock.instant();
            Optional<String> id = tryCreate(engine, stack, name, options, now);
            if (id.isPresent()) {
                events.debug("took the deploy lock " + name + " (lease " + DurationText.format(options.lease()) + ")");
                return new StackLock(engine, name, id.get(), options, clock, events);
            }
            Optional<SwarmDataObject> current = fetchLock(engine, name);
            LeaseDecider.Decision decision = decider.next(current, now, () -> engine.fetchInfo().systemTime());
            if (decision instanceof LeaseDecider.Refuse refuse) {
                throw new LockNameTakenException(refuse.message());
            } else if (decision instanceof LeaseDecider.GiveUp giveUp) {
                throw new StackLockedException(giveUp.message());
            } else if (decision instanceof LeaseDecider.TakeOver takeOver) {
                if (takeOver(engine, current.orElseThrow(), options.holder())) {
                    events.warn(takeOver.warning());
                }
            } else if (decision instanceof LeaseDecider.Wait wait) {
                wait.announcement().ifPresent(events::info);
                pause();
            }
            // Create: released between our attempt and the look-up: try again at once
        }
    }

    private static Optional<String> tryCreate(SwarmApi engine, String stack, String name, LockOptions options,
                                              Instant now) {
        Map<String, String> labels = LeaseDecider.labelsOfNewLock(stack, options, now);
        String data = "held by " + options.holder() + " since " + now + "\n";
        try {
            return Optional.of(engine.createConfig(CreateRequests.config(name, labels, data.getBytes(StandardCharsets.UTF_8))));
        } catch (EngineException e) {
            if (e.isConflict()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Marks the stale lock as taken over, at the version judged stale (a holder that refreshed meanwhile wins),
     * then removes it; the caller creates its own. False when the lock moved or went meanwhile.
     */
    private static boolean takeOver(SwarmApi engine, SwarmDataObject lock, String holder) {
        String id = lock.id();
        try {
            engine.updateConfig(id, lock.version(), withLabel(lock, StackLabels.LOCK_TAKEN_OVER_BY, holder));
        } catch (EngineException e) {
            if (e.isNotFound() || isOutOfSequence(e)) {
                return false;
            }
            throw e;
        }
        remove(engine, id);
        return true;
    }

    /** Swarm refused a versioned update because the object changed since that version (500 on 20.10, 409 later). */
    private static boolean isOutOfSequence(EngineException e) {
        return e.isConflict() || String.valueOf(e.getMessage()).contains("out of sequence");
    }

    /** The heartbeat: moves the lock's version (and heartbeat label), unless someone took it over. */
    private void refresh() {
        try {
            Optional<SwarmDataObject> found = engine.fetchConfig(id);
            if (found.isEmpty()) {
                lost(currentHolder().map(other -> "was taken over by " + other).orElse("was removed by someone else"));
                return;
            }
            SwarmDataObject lock = found.get();
            Optional<String> lostHow = LeaseDecider.lostAccordingTo(lock, options);
            if (lostHow.isPresent()) {
                lost(lostHow.get());
                return;
            }
            engine.updateConfig(id, lock.version(), withLabel(lock, StackLabels.LOCK_HEARTBEAT,
                    clock.instant().toString()));
            if (refreshFailing) {
                refreshFailing = false;
                events.info("the deploy lock " + name + " is refreshed again");
            }
        } catch (EngineException e) {
            if (e.isNotFound()) {
                lost(currentHolder().map(other -> "was taken over by " + other).orElse("was removed by someone else"));
            } else if (closing) {
                return;
            } else if (!isOutOfSequence(e) && !refreshFailing) {
                // out of sequence: taken over just now; the next beat sees by whom
                refreshFailing = true;
                events.warn("cannot refresh the deploy lock " + name + " (" + e.getMessage() + "); without a heartbeat"
                        + " for " + DurationText.format(options.lease()) + " (" + Option.LOCK_LEASE + ") another deploy may take it over");
            }
        } catch (RuntimeException e) {
            if (!refreshFailing && !closing) {
                refreshFailing = true;
                events.warn("cannot refresh the deploy lock " + name + ": " + e);
            }
        }
    }

    /** Who holds a lock of this name now, if anyone (another deploy that took it over); empty when unknown. */
    private Optional<String> currentHolder() {
        try {
            return fetchLock(engine, name).map(lock -> lock.labels().getOrDefault(StackLabels.LOCK_HOLDER,
                    "an unknown holder"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void lost(String what) {
        if (lostHow == null) {
            lostHow = what;
            events.warn("the deploy lock " + name + " " + what + " while this deploy held it; another deploy of the"
                    + " stack may be running now");
        }
        heartbeat.shutdown();
    }

    private static Optional<SwarmDataObject> fetchLock(SwarmApi engine, String name) {
        return engine.fetchConfigs(Filters.name(name)).stream().filter(config -> name.equals(config.name())).findFirst();
    }

    /** The lock's spec as the engine has it, data left out (Swarm allows only labels to change), with a label set. */
    private static ObjectNode withLabel(SwarmDataObject lock, String label, String value) {
        ObjectNode spec = lock.spec().deepCopy();
        spec.remove("Data");
        (spec.get("Labels") instanceof ObjectNode labels ? labels : spec.putObject("Labels")).put(label, value);
        return spec;
    }

    private static boolean remove(SwarmApi engine, String id) {
        try {
            engine.removeConfig(id);
            return true;
        } catch (EngineException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwarmDeployException("interrupted while waiting for the deploy lock");
        }
    }

    /** The lock's name, {@code <stack>_deploy-lock}. */
    public String name() {
        return name;
    }

    /**
     * True when this deploy learnt it no longer holds the lock: another one took it over (no heartbeat reached
     * the swarm in time, or it was older than the time-to-live), or someone removed it.
     */
    public boolean isLost() {
        return lostHow != null;
    }

    /**
     * Stops the heartbeat and releases the lock. Never throws: a lock that cannot be released (the connection
     * is gone) is reported, and goes stale a lease after the last heartbeat; a lock someone removed or took
     * over meanwhile is reported too.
     */
    @Override
    public void close() {
        closing = true;
        heartbeat.shutdown(); // lets a refresh under way finish: interrupting it would only produce noise
        try {
            if (!heartbeat.awaitTermination(10, TimeUnit.SECONDS)) {
                heartbeat.shutdownNow();
            }
        } catch (InterruptedException e) {
            heartbeat.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (lostHow != null) {
            return;
        }
        try {
            if (remove(engine, id)) {
                events.debug("released the deploy lock " + name);
            } else {
                events.warn("the deploy lock " + name + " was removed by someone else while this deploy held it");
            }
        } catch (RuntimeException e) {
            events.warn("could not release the deploy lock " + name + " (" + e.getMessage() + "); it goes stale "
                    + DurationText.format(options.lease()) + " (" + Option.LOCK_LEASE + ") after this deploy's last heartbeat, and the next deploy"
                    + " takes it over then");
        }
    }
}
