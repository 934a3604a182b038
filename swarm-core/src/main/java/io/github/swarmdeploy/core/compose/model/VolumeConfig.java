package io.github.swarmdeploy.core.compose.model;

import java.util.Map;

/** A top-level volume; {@code key} is its name in the file, {@code name} the explicit {@code name:}. */
public record VolumeConfig(
        String key,
        String name,
        String driver,
        Map<String, String> driverOpts,
        External external,
        Map<String, String> labels) {

    public VolumeConfig {
        key = Defaults.orEmpty(key);
        name = Defaults.orEmpty(name);
        driver = Defaults.orEmpty(driver);
        driverOpts = Defaults.map(driverOpts);
        external = external == null ? External.NO : external;
        labels = Defaults.map(labels);
    }
}
