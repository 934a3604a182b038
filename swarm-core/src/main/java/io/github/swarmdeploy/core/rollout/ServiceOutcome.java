package io.github.swarmdeploy.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How watching one service ended, with what a user needs to act on it.
 *
 * @param service     the service as the deploy named it
 * @param verdict     converged, rolled back, paused, failed, timed out (or healthy/degraded when unchanged)
 * @param state       the last observed state in words, e.g. {@code 2/2 running}, {@code updating 1/2},
 *                    {@code rollback_completed}
 * @param reason      why it failed: Swarm's {@code UpdateStatus.Message} for a rollback or pause, or the
 *                    rule that decided a failure
 * @param taskError   the last task error seen ({@code Status.Err} of the most recent failed task)
 * @param image       the image the service's current spec runs (after a rollback: the old one again)
 * @param failedImage after a rollback: the image of the update that was rolled back
 * @param startedAt   when watching started
 * @param finishedAt  when the verdict was reached
 */
public record ServiceOutcome(WatchedService service, Verdict verdict, String state, Optional<String> reason,
                             Optional<String> taskError, Optional<String> image, Optional<String> failedImage,
                             Instant startedAt, Instant finishedAt) {

    public ServiceOutcome {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(taskError, "taskError");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(failedImage, "failedImage");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public String name() {
        return service.name();
    }

    public boolean isFailure() {
        return verdict.isFailure();
    }

    /** How long it took from the start of watching to the verdict. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * The verdict line, e.g. {@code backend: converged (2/2 running) after 12.4s} or
     * {@code backend: rolled back: update paused due to failure ...; runs registry/app:1 again
     * (the update to registry/app:2 failed); last task error: task: non-zero exit (1)}.
     */
    public String summary() {
        StringBuilder line = new StringBuilder(service.name()).append(": ");
        if (service.change() == WatchedService.Change.UNHEALTHY) {
            line.append("unchanged, ");
        }
        switch (verdict) {
            case CONVERGED -> line.append("converged (").append(state).append(") after ")
                    .append(RolloutText.duration(duration()));
            case HEALTHY -> line.append("unchanged, healthy (").append(state).append(')');
            case DEGRADED -> line.append("unchanged, but not healthy: ").append(state);
            case FAILED -> line.append("failed: ").append(reason.orElse(state))
                    .append(reason.isPresent() ? " (" + state + ")" : "");
            case ROLLED_BACK -> {
                line.append("rolled back: ").append(reason.orElse("no reason given by Swarm"));
                image.ifPresent(now -> line.append("; runs ").append(now).append(" again"));
                failedImage.filter(failed -> !image.equals(Optional.of(failed)))
                        .ifPresent(failed -> line.append(" (the update to ").append(failed).append(" failed)"));
                line.append(", ").append(state);
            }
            case PAUSED -> line.append(state.startsWith("rollback") ? "rollback paused: " : "update paused: ")
                    .append(reason.orElse(state));
            case TIMED_OUT -> line.append("timed out after ").append(RolloutText.duration(duration()))
                    .append(": ").append(state);
        }
        // a reason drawn from the failed task already says its error
        taskError.filter(error -> !reason.orElse("").contains(error))
                .ifPresent(error -> line.append("; last task error: ").append(error));
        return line.toString();
    }
}
