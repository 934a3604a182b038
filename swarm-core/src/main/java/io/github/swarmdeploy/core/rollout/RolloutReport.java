package io.github.swarmdeploy.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of watching one deploy: one {@link ServiceOutcome} per watched service, in the order the
 * services were given.
 */
public record RolloutReport(List<ServiceOutcome> outcomes, Instant startedAt, Instant finishedAt) {

    public RolloutReport {
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** True when no service failed, rolled back, paused or timed out. */
    public boolean isSuccess() {
        return outcomes.stream().noneMatch(ServiceOutcome::isFailure);
    }

    public List<ServiceOutcome> failures() {
        return outcomes.stream().filter(ServiceOutcome::isFailure).toList();
    }

    public Optional<ServiceOutcome> outcome(String serviceName) {
        return outcomes.stream().filter(outcome -> outcome.name().equals(serviceName)).findFirst();
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * Throws {@link RolloutFailedException} naming every failed service (its verdict line) when the rollout
     * did not succeed; returns this report otherwise.
     */
    public RolloutReport throwIfFailed() {
        if (!isSuccess()) {
            throw new RolloutFailedException(this);
        }
        return this;
    }

    /** The failure lines, one per failed service, for an exception message. */
    public String failureMessage() {
        List<ServiceOutcome> failed = failures();
        if (failed.isEmpty()) {
            return "the rollout succeeded";
        }
        return "the rollout failed for " + failed.size() + (failed.size() == 1 ? " service" : " services") + ":\n"
                + failed.stream().map(outcome -> "  " + outcome.summary()).collect(Collectors.joining("\n"));
    }
}
