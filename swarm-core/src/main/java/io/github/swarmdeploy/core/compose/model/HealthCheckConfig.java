package io.github.swarmdeploy.core.compose.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code healthcheck:}; {@code test} is already in list form ({@code [CMD-SHELL, …]} for a string). */
public record HealthCheckConfig(
        @ComposeKey(form = ComposeKey.Form.HEALTHCHECK_TEST) List<String> test,
        Optional<Duration> timeout,
        Optional<Duration> interval,
        @ComposeKey(form = ComposeKey.Form.UINT64) Optional<Integer> retries,
        Optional<Duration> startPeriod,
        Optional<Duration> startInterval,
        boolean disable) {

    public HealthCheckConfig {
        test = Defaults.list(test);
        timeout = Defaults.optional(timeout);
        interval = Defaults.optional(interval);
        retries = Defaults.optional(retries);
        startPeriod = Defaults.optional(startPeriod);
        startInterval = Defaults.optional(startInterval);
    }
}
