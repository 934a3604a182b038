package io.github.swarmdeploy.core.compose.model;

import java.util.Map;

/** {@code logging:}: driver and its options. */
public record LoggingConfig(
        String driver,
        Map<String, String> options) {

    public LoggingConfig {
        driver = Defaults.orEmpty(driver);
        options = Defaults.map(options);
    }
}
