package io.github.swarmdeploy.core.compose.model;

import java.util.List;
import java.util.Map;

/** A service's attachment to one network. */
public record ServiceNetworkConfig(
        List<String> aliases,
        Map<String, String> driverOpts,
        String ipv4Address,
        String ipv6Address) {

    public ServiceNetworkConfig {
        aliases = Defaults.list(aliases);
        driverOpts = Defaults.map(driverOpts);
        ipv4Address = Defaults.orEmpty(ipv4Address);
        ipv6Address = Defaults.orEmpty(ipv6Address);
    }
}
