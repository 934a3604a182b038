package io.github.swarmdeploy.core.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * How a deploy or prune takes the stack's lock ({@link StackLock}).
 *
 * @param maxWait how long to wait while another deploy of the stack holds the lock ({@code swarm.lock.wait})
 * @param ttl    age after which a lock is stale however alive its holder looks ({@code swarm.lock.ttl})
 * @param lease  how long the lock stays valid without a heartbeat of its holder ({@code swarm.lock.lease}): the
 *               holder refreshes it every sixth of this; a lock not refreshed for this long is left over by a
 *               deploy that died or lost its connection, and the next deploy takes it over
 * @param holder who takes it, for whoever waits ({@code user@host (pid N)}, a CI job URL)
 */
public record LockOptions(Duration maxWait, Duration ttl, Duration lease, String holder) {

    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public LockOptions {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(holder, "holder");
        if (maxWait.isNegative() || ttl.isNegative()) {
            throw new IllegalArgumentException("lock wait and time-to-live must not be negative");
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the lock lease must be at least 1s, was " + lease);
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
