package io.github.swarmdeploy.core.history;

import java.util.Objects;

/**
 * How deploys, rollbacks and removals are recorded in a stack's history.
 *
 * @param keep   how many records stay ({@code swarm.history.keep}, at least 1); older ones are removed after each new
 *               one. Prune keeps the config and secret versions these records need, so that a rollback can return
 *               to any of them
 * @param origin where the step comes from (commit, branch, CI job, user), from the front-end's environment
 */
public record HistoryOptions(int keep, DeployOrigin origin) {

    public HistoryOptions {
        if (keep < 1) {
            throw new IllegalArgumentException("swarm.history.keep must be at least 1, was " + keep);
        }
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
