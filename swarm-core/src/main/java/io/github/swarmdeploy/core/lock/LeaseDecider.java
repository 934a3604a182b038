package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.DurationText;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The lease protocol of the stack lock, without any I/O: given what a deploy that wants the lock saw of it
 * (nothing, a config someone else made, or a lock with its holder, labels and version) and the time, what it
 * does next: create it, wait, take it over, give up, or refuse to touch a config that is not a lock.
 *
 * <p>Staleness: a lock whose version has not moved for longer than its lease (the holder refreshes it every
 * sixth of the lease) was left by a deploy that died or lost its connection. How long it has not moved is
 * measured with the engine's clock the first time a version is seen ({@code UpdatedAt} against the engine's
 * {@code SystemTime}, never against the waiter's clock: two machines' clocks may differ), and then with the
 * waiter's own clock. A lock without a lease label (an older version wrote it) is stale only by age: older than
 * the time-to-live ({@code since} label), or of unknown age.
 *
 * <p>One decider per acquisition: it remembers the version it last saw and the holder it last announced.
 */
final class LeaseDecider {

    /** What the deploy does next. */
    sealed interface Decision permits Create, Refuse, TakeOver, Wait, GiveUp {
    }

    /** There is no lock: create it (again, when it was released between the attempt and the look). */
    record Create() implements Decision {
    }

    /** The config of the lock's name is not a lock any deploy made: stop, and never remove it. */
    record Refuse(String message) implements Decision {
    }

    /**
     * The lock is stale: mark it taken over at the version seen (a holder that refreshed meanwhile keeps it),
     * remove it and create ours; {@code warning} is what to say once that worked.
     */
    record TakeOver(String warning) implements Decision {
    }

    /** A live holder has it: look again after a pause; {@code announcement} when the holder is new to us. */
    record Wait(String holder, Optional<String> announcement) implements Decision {
    }

    /** Stop with this message: waited long enough, or the engine contradicts itself. */
    record GiveUp(String message) implements Decision {
    }

    /**
     * One version of the lock as the waiter saw it, and since when (on the waiter's clock) it has not changed.
     */
    record Sighting(String id, long version, Instant unchangedSince) {
    }

    private final String stack;
    private final String name;
    private final LockOptions options;
    private final Instant deadline;
    private Sighting sighting;
    private String lastHolderAnnounced;

    /** @param startedAt when the deploy began to want the lock: it waits until {@code options.maxWait()} after */
    LeaseDecider(String stack, LockOptions options, Instant startedAt) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.name = StackLock.nameFor(stack);
        this.options = Objects.requireNonNull(options, "options");
        this.deadline = startedAt.plus(options.maxWait());
    }

    /**
     * The next step, after an attempt to create the lock failed because a config of its name exists.
     *
     * @param current   the config of the lock's name as the engine lists it now, if any
     * @param now       the waiter's clock
     * @param engineNow the engine's clock ({@code /info}'s SystemTime), asked only the first time a version is seen
     */
    Decision next(Optional<SwarmDataObject> current, Instant now, Supplier<Optional<Instant>> engineNow) {
        if (current.isEmpty()) {
            return now.isAfter(deadline)
                    ? new GiveUp("cannot take the deploy lock " + name + " of stack " + stack
                    + ": the engine refuses to create it but lists no such config")
                    : new Create();
        }
        SwarmDataObject lock = current.get();
        if (!isLockOf(stack, lock)) {
            return new Refuse(notOurs(lock));
        }
        sighting = sight(lock, sighting, now, engineNow);
        Map<String, String> labels = lock.labels();
        String holder = labels.getOrDefault(StackLabels.LOCK_HOLDER, "unknown holder");
        Optional<Instant> since = parseInstant(labels.getOrDefault(StackLabels.LOCK_SINCE, ""));
        String sinceText = since.map(Instant::toString).orElse("an unknown time");
        Optional<Duration> lease = parseDuration(labels.getOrDefault(StackLabels.LOCK_LEASE, ""));
        Duration silent = Duration.between(sighting.unchangedSince(), now);
        Optional<String> stale = lease.filter(l -> silent.compareTo(l) > 0)
                .map(l -> "no heartbeat for " + seconds(silent) + " (its lease is " + DurationText.format(l) + ")");
        if (stale.isEmpty() && (since.isEmpty() || Duration.between(since.get(), now).compareTo(options.ttl()) > 0)) {
            stale = Optional.of("older than " + Option.LOCK_TTL + " (" + DurationText.format(options.ttl()) + ")");
        }
        if (stale.isPresent()) {
            return new TakeOver("the deploy lock " + name + " held by " + holder + " since " + sinceText
                    + " is stale: " + stale.get() + "; took it over");
        }
        if (now.isAfter(deadline)) {
            return new GiveUp("stack " + stack + " is being deployed by " + holder + " (lock " + name + " taken at "
                    + sinceText + (lease.isPresent() ? ", last heartbeat " + seconds(silent) + " ago" : "")
                    + "); gave up after waiting " + DurationText.format(options.maxWait()) + " (" + Option.LOCK_WAIT + "). "
                    + (lease.isPresent()
                    ? "If that deploy died, its lock goes stale " + DurationText.format(lease.get())
                    + " after its last heartbeat and the next deploy takes it over."
                    : "If that deploy is dead, remove the lock: docker config rm " + name));
        }
        Optional<String> announcement = Optional.empty();
        if (!holder.equals(lastHolderAnnounced)) {
            announcement = Optional.of("waiting for the deploy of stack " + stack + " by " + holder + " (since "
                    + sinceText + ") to finish, at most " + DurationText.format(options.maxWait()));
            lastHolderAnnounced = holder;
        }
        return new Wait(holder, announcement);
    }

    /**
     * The sighting after seeing {@code lock}: the previous one while its version stays; for a new version, as old
     * as the engine says it is ({@code UpdatedAt} against the engine's clock), never negatively old (an engine
     * clock behind the lock's timestamp), and new when the engine's clock is unknown.
     */
    static Sighting sight(SwarmDataObject lock, Sighting previous, Instant now, Supplier<Optional<Instant>> engineNow) {
        if (previous != null && previous.id().equals(lock.id()) && previous.version() == lock.version()) {
            return previous;
        }
        Optional<Instant> updatedAt = lock.updatedAt();
        Optional<Instant> engineTime = updatedAt.isPresent() ? engineNow.get() : Optional.empty();
        Duration age = updatedAt.isPresent() && engineTime.isPresent()
                ? Duration.between(updatedAt.get(), engineTime.get()) : Duration.ZERO;
        return new Sighting(lock.id(), lock.version(), now.minus(age.isNegative() ? Duration.ZERO : age));
    }

    /**
     * Whether {@code config} is a lock some deploy of {@code stack} made: every version of this tool labelled
     * its locks with the stack and the holder. Anything else of that name is someone's own config, which is
     * never taken over nor removed, however old it is.
     */
    static boolean isLockOf(String stack, SwarmDataObject config) {
        return stack.equals(config.labels().get(StackLabels.NAMESPACE))
                && config.labels().containsKey(StackLabels.LOCK_HOLDER);
    }

    private String notOurs(SwarmDataObject config) {
        String created = config.createdAt().map(Instant::toString).orElse("");
        return "cannot take the deploy lock of stack " + stack + ": a config named " + config.name() + " (ID "
                + config.id() + (created.isEmpty() ? "" : ", created " + created) + ") exists, and"
                + " swarm-deploy did not make it (a deploy lock carries the labels " + StackLabels.NAMESPACE + "="
                + stack + " and " + StackLabels.LOCK_HOLDER + "); it was left alone and nothing was changed. If nobody"
                + " needs that config, remove it (docker config rm " + config.name() + "); otherwise deploy the stack"
                + " under another name (" + Option.STACK + ")";
    }

    /** The labels of a new lock taken {@code now}. */
    static Map<String, String> labelsOfNewLock(String stack, LockOptions options, Instant now) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(StackLabels.NAMESPACE, stack);
        labels.put(StackLabels.LOCK_HOLDER, options.holder());
        labels.put(StackLabels.LOCK_SINCE, now.toString());
        labels.put(StackLabels.LOCK_LEASE, options.lease().toString());
        labels.put(StackLabels.LOCK_HEARTBEAT, now.toString());
        return labels;
    }

    /**
     * What the holder's heartbeat concludes from its own lock as it reads it now: empty while it still holds it,
     * else how it lost it (someone took it over, finding it stale).
     */
    static Optional<String> lostAccordingTo(SwarmDataObject own, LockOptions options) {
        String takenOverBy = own.labels().get(StackLabels.LOCK_TAKEN_OVER_BY);
        if (takenOverBy == null) {
            return Optional.empty();
        }
        return Optional.of("was taken over by " + takenOverBy + ", who found it stale (no heartbeat of this deploy"
                + " for longer than its lease, " + DurationText.format(options.lease()) + ", or older than"
                + " " + Option.LOCK_TTL + ", " + DurationText.format(options.ttl()) + ")");
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
}
