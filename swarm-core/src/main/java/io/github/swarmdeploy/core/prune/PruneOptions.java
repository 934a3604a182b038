package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.lock.LockOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * How to prune a stack.
 *
 * @param keep      newest versions of each config/secret key kept even when unused (0 or more)
 * @param dryRun    decide and report, change nothing
 * @param cleanNode afterwards, on the connected node, what {@code docker system prune -f} does
 * @param lock      how to take the stack's deploy lock (prune takes the same lock as deploy): wait,
 *                  time-to-live, lease, and who prunes, written on the lock for whoever waits for it
 * @param historyKeep how many of the newest records of the stack's history a rollback may return to
 *                  (the history's keep): the config and secret versions they use are kept
 */
public record PruneOptions(int keep, boolean dryRun, boolean cleanNode, LockOptions lock, int historyKeep) {

    public PruneOptions {
        OptionValues.atLeast(Option.PRUNE_KEEP, keep, 0, "versions kept per key");
        Objects.requireNonNull(lock, "lock");
        OptionValues.atLeast(Option.HISTORY_KEEP, historyKeep, 1, "records of the stack's history that stay");
    }

    /** Keeping what the newest {@value DeployHistory#DEFAULT_KEEP} records of the history need. */
    public PruneOptions(int keep, boolean dryRun, boolean cleanNode, LockOptions lock) {
        this(keep, dryRun, cleanNode, lock, DeployHistory.DEFAULT_KEEP);
    }

    /** With the deploy's default lock wait, time-to-live and lease, held by this user and host. */
    public PruneOptions(int keep, boolean dryRun, boolean cleanNode) {
        this(keep, dryRun, cleanNode, LockOptions.defaults(DeployOptions.defaultHolder() + " (prune)"));
    }

    /** Keep {@value PruneRules#DEFAULT_KEEP} per key, really remove, leave the node alone. */
    public static PruneOptions defaults() {
        return new PruneOptions(PruneRules.DEFAULT_KEEP, false, false);
    }

    public PruneOptions withKeep(int newKeep) {
        return new PruneOptions(newKeep, dryRun, cleanNode, lock, historyKeep);
    }

    public PruneOptions withDryRun(boolean newDryRun) {
        return new PruneOptions(keep, newDryRun, cleanNode, lock, historyKeep);
    }

    public PruneOptions withCleanNode(boolean newCleanNode) {
        return new PruneOptions(keep, dryRun, newCleanNode, lock, historyKeep);
    }

    /** Wait, time-to-live and holder; the lease stays. */
    public PruneOptions withLock(Duration wait, Duration ttl, String newHolder) {
        return withLock(lock.withWait(wait).withTtl(ttl).withHolder(newHolder));
    }

    public PruneOptions withLock(LockOptions value) {
        return new PruneOptions(keep, dryRun, cleanNode, value, historyKeep);
    }

    public PruneOptions withHistoryKeep(int value) {
        return new PruneOptions(keep, dryRun, cleanNode, lock, value);
    }
}
