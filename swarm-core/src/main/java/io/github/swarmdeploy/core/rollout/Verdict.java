package io.github.swarmdeploy.core.rollout;

/** How watching one service ended. */
public enum Verdict {
    /**
     * Created or updated (or found unhealthy), and its new tasks run (or completed) and stayed up for the monitor
     * window.
     */
    CONVERGED(false),
    /** Unchanged by this deploy and in the state its spec asks for. */
    HEALTHY(false),
    /**
     * Unchanged by this deploy but not in the state its spec asks for, at a look: not a verdict of the rollout,
     * which then watches it like an update ({@link WatchedService.Change#UNHEALTHY}) until one of the others.
     */
    DEGRADED(false),
    /** Its tasks of the new version keep failing, or Swarm gave up starting them. */
    FAILED(true),
    /** Swarm rolled the update back ({@code rollback_completed}): the previous version runs again. */
    ROLLED_BACK(true),
    /** Swarm paused the update ({@code paused}) or the rollback ({@code rollback_paused}). */
    PAUSED(true),
    /** The timeout elapsed before the service converged. */
    TIMED_OUT(true);

    private final boolean failure;

    Verdict(boolean failure) {
        this.failure = failure;
    }

    /** True when this verdict should fail the deploy. */
    public boolean isFailure() {
        return failure;
    }
}
