package io.github.swarmdeploy.core.compose.model;

import java.time.Duration;
import java.util.Optional;

/** {@code deploy.restart_policy:}. */
public record RestartPolicy(
        String condition,
        Optional<Duration> delay,
        Optional<Long> maxAttempts,
        Optional<Duration> window) {

    public RestartPolicy {
        condition = Defaults.orEmpty(condition);
        delay = Defaults.optional(delay);
        maxAttempts = Defaults.optional(maxAttempts);
        window = Defaults.optional(window);
    }
}
