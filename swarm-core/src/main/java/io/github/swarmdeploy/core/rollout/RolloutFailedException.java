package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.SwarmDeployException;

/**
 * A created or updated service did not converge: it was rolled back, paused, kept failing or timed out.
 * The message names each such service, its state and its last task error.
 */
public class RolloutFailedException extends SwarmDeployException {

    private final transient RolloutReport report;

    public RolloutFailedException(RolloutReport report) {
        super(report.failureMessage());
        this.report = report;
    }

    public RolloutReport report() {
        return report;
    }
}
