package io.github.swarmdeploy.core.compose.model;

/** One {@code ipam.config} entry. */
public record IpamPool(
        String subnet) {

    public IpamPool {
        subnet = Defaults.orEmpty(subnet);
    }
}
