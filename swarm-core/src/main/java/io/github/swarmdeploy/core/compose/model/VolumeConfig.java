package io.github.swarmdeploy.core.compose.model;

import java.util.Map;
import java.util.Optional;

/** A top-level volume; {@code key} is its name in the file, {@code name} the explicit {@code name:}. */
@ComposeStruct(extensions = true)
public record VolumeConfig(
        @ComposeKey(derived = true) String key,
        String name,
        String driver,
        Map<String, String> driverOpts,
        External external,
        Map<String, String> labels,
        @ComposeKey("x-cluster-spec") Optional<ClusterVolumeSpec> clusterSpec) {

    public VolumeConfig {
        key = Defaults.orEmpty(key);
        name = Defaults.orEmpty(name);
        driver = Defaults.orEmpty(driver);
        driverOpts = Defaults.map(driverOpts);
        external = external == null ? External.NO : external;
        labels = Defaults.map(labels);
        clusterSpec = Defaults.optional(clusterSpec);
    }
}
