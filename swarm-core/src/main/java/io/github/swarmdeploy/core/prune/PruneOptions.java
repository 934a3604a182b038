package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.deploy.DeployOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * How to prune a stack.
 *
 * @param keep      newest versions of each config/secret key kept even when unused (0 or more)
 * @param dryRun    decide and report, change nothing
 * @param cleanNode afterwards, on the connected node, what {@code docker system prune -f} does
 * @param lockWait  how long to wait while a deploy of the stack holds its lock (prune takes the same lock)
 * @param lockTtl   age after which a held lock is taken to be left over by a crashed deploy
 * @param holder    who prunes, written on the lock for whoever waits for it
 */
public record PruneOptions(int keep, boolean dryRun, boolean cleanNode, Duration lockWait, Duration lockTtl,
                           String holder) {

    public PruneOptions {
        if (keep < 0) {
            throw new IllegalArgumentException("the number of versions to keep must be 0 or more, was " + keep);
        }
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(lockTtl, "lockTtl");
        Objects.requireNonNull(holder, "holder");
    }

    /** With the deploy's default lock wait and time-to-live, held by this user and host. */
    public PruneOptions(int keep, boolean dryRun, boolean cleanNode) {
        this(keep, dryRun, cleanNode, DeployOptions.DEFAULT_LOCK_WAIT, DeployOptions.DEFAULT_LOCK_TTL,
                DeployOptions.defaultHolder() + " (prune)");
    }

    /** Keep {@value PruneRules#DEFAULT_KEEP} per key, really remove, leave the node alone. */
    public static PruneOptions defaults() {
        return new PruneOptions(PruneRules.DEFAULT_KEEP, false, false);
    }

    public PruneOptions withKeep(int newKeep) {
        return new PruneOptions(newKeep, dryRun, cleanNode, lockWait, lockTtl, holder);
    }

    public PruneOptions withDryRun(boolean newDryRun) {
        return new PruneOptions(keep, newDryRun, cleanNode, lockWait, lockTtl, holder);
    }

    public PruneOptions withCleanNode(boolean newCleanNode) {
        return new PruneOptions(keep, dryRun, newCleanNode, lockWait, lockTtl, holder);
    }

    public PruneOptions withLock(Duration wait, Duration ttl, String newHolder) {
        return new PruneOptions(keep, dryRun, cleanNode, wait, ttl, newHolder);
    }
}
