package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.DurationText;
import io.github.swarmdeploy.core.history.HistoryOptions;
import io.github.swarmdeploy.core.lock.LockOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * How to remove a stack ({@link StackRemoval}).
 *
 * @param dryRun  list what would go, change nothing
 * @param timeout how long to wait for the services' tasks to be gone, and the networks free (default 10m)
 * @param lock    how to take the stack's lock, as a deploy does
 * @param history how the removal is recorded in the stack's history
 */
public record RemoveOptions(boolean dryRun, Duration timeout, LockOptions lock, HistoryOptions history) {

    public RemoveOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw InvalidOptionException.of(Option.REMOVE_TIMEOUT, DurationText.format(timeout), "is negative");
        }
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(history, "history");
    }

    /** Really remove, wait up to {@link DeployOptions#DEFAULT_TIMEOUT}, the deploy's lock defaults. */
    public static RemoveOptions defaults() {
        return new RemoveOptions(false, DeployOptions.DEFAULT_TIMEOUT,
                LockOptions.defaults(DeployOptions.defaultHolder() + " (remove)"), HistoryOptions.defaults());
    }

    public RemoveOptions withDryRun(boolean value) {
        return new RemoveOptions(value, timeout, lock, history);
    }

    public RemoveOptions withTimeout(Duration value) {
        return new RemoveOptions(dryRun, value, lock, history);
    }

    public RemoveOptions withLock(LockOptions value) {
        return new RemoveOptions(dryRun, timeout, value, history);
    }

    public RemoveOptions withHistory(HistoryOptions value) {
        return new RemoveOptions(dryRun, timeout, lock, value);
    }
}
