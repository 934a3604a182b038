package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.event.Event;

import java.util.Objects;

/** The final verdict for one watched service; {@link #message()} is its summary line. */
public record ServiceVerdictReached(ServiceOutcome outcome) implements Event {

    public ServiceVerdictReached {
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public Level level() {
        if (outcome.isFailure()) {
            return Level.ERROR;
        }
        return outcome.verdict() == Verdict.DEGRADED ? Level.WARN : Level.INFO;
    }

    @Override
    public String message() {
        return outcome.summary();
    }
}
