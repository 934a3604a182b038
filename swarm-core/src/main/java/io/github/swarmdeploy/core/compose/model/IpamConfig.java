package io.github.swarmdeploy.core.compose.model;

import java.util.List;

/** {@code ipam:} of a network. */
public record IpamConfig(
        String driver,
        List<IpamPool> config) {

    public IpamConfig {
        driver = Defaults.orEmpty(driver);
        config = Defaults.list(config);
    }
}
