package io.github.swarmdeploy.core.compose.model;

import java.util.List;
import java.util.Map;

/** A top-level network; {@code key} is its name in the file, {@code name} the explicit {@code name:}. */
@ComposeStruct(extensions = true)
public record NetworkConfig(
        @ComposeKey(derived = true) String key,
        String name,
        String driver,
        Map<String, String> driverOpts,
        IpamConfig ipam,
        External external,
        boolean internal,
        boolean attachable,
        Map<String, String> labels) {

    public NetworkConfig {
        key = Defaults.orEmpty(key);
        name = Defaults.orEmpty(name);
        driver = Defaults.orEmpty(driver);
        driverOpts = Defaults.map(driverOpts);
        ipam = ipam == null ? new IpamConfig("", List.of()) : ipam;
        external = external == null ? External.NO : external;
        labels = Defaults.map(labels);
    }
}
