package io.github.swarmdeploy.core.deploy;

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
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
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
     * Takes the lock of {@code stack}, waiting up to {@code options.maxWait()} while someone else holds it, and
     * keeps it alive until {@link #close()}.
     *
     * @throws StackLockedException when it is still held by someone else after the wait
     */
    public static StackLock acquire(SwarmApi engine, String stack, LockOptions options, Clock clock,
                                    EventListener events) {
        String name = nameFor(stack);
        Instant deadline = clock.instant().plus(options.maxWait());
        String lastHolderSeen = null;
        Sighting sighting = null;
        while (true) {
            Instant now = clock.instant();
            Optional<String> id = tryCreate(engine, stack, name, options, now);
            if (id.isPresent()) {
                events.debug("took the deploy lock " + name + " (lease " + DurationText.format(options.lease()) + ")");
                return new StackLock(engine, name, id.get(), options, clock, events);
            }
            Optional<SwarmDataObject> current = fetchLock(engine, name);
            if (current.isEmpty()) {
                if (now.isAfter(deadline)) {
                    throw new StackLockedException("cannot take the deploy lock " + name + " of stack " + stack
                            + ": the engine refuses to create it but lists no such config");
                }
                continue; // released between our attempt and the look-up: try again at once
            }
            SwarmDataObject lock = current.get();
            if (!isLockOf(stack, lock)) {
                throw new LockNameTakenException(notOurs(stack, lock));
            }
            sighting = Sighting.of(lock, sighting, now, engine);
            Map<String, String> labels = lock.labels();
            String otherHolder = labels.getOrDefault(StackLabels.LOCK_HOLDER, "unknown holder");
            Optional<Instant> since = parseInstant(labels.getOrDefault(StackLabels.LOCK_SINCE, ""));
            String sinceText = since.map(Instant::toString).orElse("an unknown time");
            Optional<Duration> lease = parseDuration(labels.getOrDefault(StackLabels.LOCK_LEASE, ""));
            Duration silent = Duration.between(sighting.unchangedSince(), now);
            Optional<String> stale = lease.filter(l -> silent.compareTo(l) > 0)
                    .map(l -> "no heartbeat for " + seconds(silent) + " (its lease is " + DurationText.format(l) + ")");
            if (stale.isEmpty() && (since.isEmpty() || Duration.between(since.get(), now).compareTo(options.ttl()) > 0)) {
                stale = Optional.of("older than swarm.lock.ttl (" + DurationText.format(options.ttl()) + ")");
            }
            if (stale.isPresent()) {
                if (takeOver(engine, lock, options.holder())) {
                    events.warn("the deploy lock " + name + " held by " + otherHolder + " since " + sinceText
                            + " is stale: " + stale.get() + "; took it over");
                }
                continue;
            }
            if (now.isAfter(deadline)) {
                throw new StackLockedException("stack " + stack + " is being deployed by " + otherHolder
                        + " (lock " + name + " taken at " + sinceText + (lease.isPresent()
                        ? ", last heartbeat " + seconds(silent) + " ago" : "") + "); gave up after waiting "
                        + DurationText.format(options.maxWait()) + " (swarm.lock.wait). " + (lease.isPresent()
                        ? "If that deploy died, its lock goes stale " + DurationText.format(lease.get()) + " after its last heartbeat and"
                        + " the next deploy takes it over."
                        : "If that deploy is dead, remove the lock: docker config rm " + name));
            }
            if (!otherHolder.equals(lastHolderSeen)) {
                events.info("waiting for the deploy of stack " + stack + " by " + otherHolder + " (since " + sinceText
                        + ") to finish, at most " + DurationText.format(options.maxWait()));
                lastHolderSeen = otherHolder;
            }
            pause();
        }
    }

    /**
     * Whether {@code config} is a lock some deploy of {@code stack} made: every version of this tool labelled
     * its locks with the stack and the holder. Anything else of that name is someone's own config, which is
     * never taken over nor removed, however old it is.
     */
    private static boolean isLockOf(String stack, SwarmDataObject config) {
        return stack.equals(config.labels().get(StackLabels.NAMESPACE))
                && config.labels().containsKey(StackLabels.LOCK_HOLDER);
    }

    private static String notOurs(String stack, SwarmDataObject config) {
        String name = config.name();
        String created = config.createdAt().map(Instant::toString).orElse("");
        return "cannot take the deploy lock of stack " + stack + ": a config named " + name + " (ID "
                + config.id() + (created.isEmpty() ? "" : ", created " + created) + ") exists, and"
                + " swarm-deploy did not make it (a deploy lock carries the labels " + StackLabels.NAMESPACE + "="
                + stack + " and " + StackLabels.LOCK_HOLDER + "); it was left alone and nothing was changed. If nobody"
                + " needs that config, remove it (docker config rm " + name + "); otherwise deploy the stack under"
                + " another name (swarm.stack)";
    }

    /**
     * One version of the lock as a waiter saw it, and since when (on the waiter's clock) it has not changed:
     * the first time, the engine's own clock says how old it already was.
     */
    private record Sighting(String id, long version, Instant unchangedSince) {

        static Sighting of(SwarmDataObject lock, Sighting previous, Instant now, SwarmApi engine) {
            String id = lock.id();
            long version = lock.version();
            if (previous != null && previous.id.equals(id) && previous.version == version) {
                return previous;
            }
            Optional<Instant> updatedAt = lock.updatedAt();
            Optional<Instant> engineNow = engine.fetchInfo().systemTime();
            Duration age = updatedAt.isPresent() && engineNow.isPresent()
                    ? Duration.between(updatedAt.get(), engineNow.get()) : Duration.ZERO;
            return new Sighting(id, version, now.minus(age.isNegative() ? Duration.ZERO : age));
        }
    }

    private static Optional<String> tryCreate(SwarmApi engine, String stack, String name, LockOptions options,
                                              Instant now) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(StackLabels.NAMESPACE, stack);
        labels.put(StackLabels.LOCK_HOLDER, options.holder());
        labels.put(StackLabels.LOCK_SINCE, now.toString());
        labels.put(StackLabels.LOCK_LEASE, options.lease().toString());
        labels.put(StackLabels.LOCK_HEARTBEAT, now.toString());
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
            if (lock.labels().containsKey(StackLabels.LOCK_TAKEN_OVER_BY)) {
                lost("was taken over by " + lock.labels().get(StackLabels.LOCK_TAKEN_OVER_BY) + ", who found it"
                        + " stale (no heartbeat of this deploy for longer than its lease, " + DurationText.format(options.lease())
                        + ", or older than swarm.lock.ttl, " + DurationText.format(options.ttl()) + ")");
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
                        + " for " + DurationText.format(options.lease()) + " (swarm.lock.lease) another deploy may take it over");
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

    /** ISO-8601 as Java writes it (the {@code since} label). */
    private static Optional<Instant> parseInstant(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> parseDuration(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
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
                    + DurationText.format(options.lease()) + " (swarm.lock.lease) after this deploy's last heartbeat, and the next deploy"
                    + " takes it over then");
        }
    }
}
