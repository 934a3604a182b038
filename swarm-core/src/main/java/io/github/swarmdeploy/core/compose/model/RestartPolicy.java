package io.github.swarmdeploy.core.compose.model;

import java.time.Duration;
import java.util.Optional;

/** {@code deploy.restart_policy:}. */
public record RestartPolicy(
        @ComposeKey(oneOf = {"none", "on-failure", "any"}, what = "restart condition") String condition,
        Optional<Duration> delay,
        @ComposeKey(form = ComposeKey.Form.UINT64) Optional<Long> maxAttempts,
        Optional<Duration> window) {

    public RestartPolicy {
        condition = Defaults.orEmpty(condition);
        delay = Defaults.optional(delay);
        maxAttempts = Defaults.optional(maxAttempts);
        window = Defaults.optional(window);
    }
}
