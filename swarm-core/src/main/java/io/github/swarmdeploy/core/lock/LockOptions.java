package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.DurationText;

import java.time.Duration;
import java.util.Objects;

/**
 * How a deploy or prune takes the stack's lock ({@link StackLock}).
 *
 * @param maxWait how long to wait while another deploy of the stack holds the lock
 * @param ttl    age after which a lock is stale however alive its holder looks
 * @param lease  how long the lock stays valid without a heartbeat of its holder (at least 1s): the
 *               holder refreshes it every sixth of this; a lock not refreshed for this long is left over by a
 *               deploy that died or lost its connection, and the next deploy takes it over
 * @param holder who takes it, for whoever waits ({@code user@host (pid N)}, a CI job URL)
 */
public record LockOptions(Duration maxWait, Duration ttl, Duration lease, String holder) {

    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    private static final Duration MIN_LEASE = Duration.ofSeconds(1);

    public LockOptions {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(holder, "holder");
        if (maxWait.isNegative()) {
            throw InvalidOptionException.of(Option.LOCK_WAIT, DurationText.format(maxWait), "is negative");
        }
        if (ttl.isNegative()) {
            throw InvalidOptionException.of(Option.LOCK_TTL, DurationText.format(ttl), "is negative");
        }
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw InvalidOptionException.of(Option.LOCK_LEASE, DurationText.format(lease), "is too short; give at least 1s");
        }
    }

    /** Wait 5m, time-to-live 30m, lease 30s. */
    public static LockOptions defaults(String holder) {
        return new LockOptions(DEFAULT_WAIT, DEFAULT_TTL, DEFAULT_LEASE, holder);
    }

    public LockOptions withWait(Duration value) {
        return new LockOptions(value, ttl, lease, holder);
    }

    public LockOptions withTtl(Duration value) {
        return new LockOptions(maxWait, value, lease, holder);
    }

    public LockOptions withLease(Duration value) {
        return new LockOptions(maxWait, ttl, value, holder);
    }

    public LockOptions withHolder(String value) {
        return new LockOptions(maxWait, ttl, lease, value);
    }

    /** How often the holder refreshes the lock: a sixth of the lease. */
    Duration heartbeatInterval() {
        return lease.dividedBy(6);
    }
}
