package io.github.swarmdeploy.core.compose.model;

import java.time.Duration;
import java.util.Optional;

/** {@code deploy.update_config:} or {@code deploy.rollback_config:}. */
public record UpdateConfig(
        @ComposeKey(form = ComposeKey.Form.UINT64) Optional<Long> parallelism,
        Duration delay,
        @ComposeKey(oneOf = {"pause", "continue", "rollback"}, what = "failure action") String failureAction,
        Duration monitor,
        float maxFailureRatio,
        String order) {

    public UpdateConfig {
        parallelism = Defaults.optional(parallelism);
        delay = delay == null ? Duration.ZERO : delay;
        failureAction = Defaults.orEmpty(failureAction);
        monitor = monitor == null ? Duration.ZERO : monitor;
        order = Defaults.orEmpty(order);
    }
}
