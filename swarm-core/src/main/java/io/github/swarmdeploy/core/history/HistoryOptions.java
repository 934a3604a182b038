package io.github.swarmdeploy.core.history;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;

import java.util.Objects;

/**
 * How deploys, rollbacks and removals are recorded in a stack's history.
 *
 * @param keep   how many records stay (at least 1); older ones are removed after each new
 *               one. Prune keeps the config and secret versions these records need, so that a rollback can return
 *               to any of them
 * @param origin where the step comes from (commit, branch, CI job, user), from the front-end's environment
 */
public record HistoryOptions(int keep, DeployOrigin origin) {

    public HistoryOptions {
        OptionValues.atLeast(Option.HISTORY_KEEP, keep, 1, "records of the stack's history that stay");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@value DeployHistory#DEFAULT_KEEP} records, origin unknown. */
    public static HistoryOptions defaults() {
        return new HistoryOptions(DeployHistory.DEFAULT_KEEP, DeployOrigin.UNKNOWN);
    }

    public HistoryOptions withKeep(int value) {
        return new HistoryOptions(value, origin);
    }

    public HistoryOptions withOrigin(DeployOrigin value) {
        return new HistoryOptions(keep, value);
    }
}
