package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.IpamConfig;
import io.github.swarmdeploy.core.compose.model.IpamPool;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ServiceNetworkConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.network;
import static io.github.swarmdeploy.core.convert.Fixtures.service;
import static io.github.swarmdeploy.core.convert.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The networks a stack creates: only used ones, overlay by default, options, IPAM, external ones. */
class NetworksTest {

    @Test
    void onlyNetworksServicesUseWithTheDefaultOneForServicesWithoutNetworks() {
        Map<String, Optional<ServiceNetworkConfig>> networks = new LinkedHashMap<>();
        networks.put("back", Optional.empty());
        DesiredStack desired = stack().with(service("web")).with(service("db").networks(networks))
                .network(network("back", n -> n)).network(network("unused", n -> n)).convert();

        assertEquals(List.of("back", "default"), desired.networks().stream().map(DesiredNetwork::key).toList());
        assertEquals(new DesiredNetwork("default", "app_default", false, "overlay", Map.of(), Optional.empty(), false,
                false, Map.of("com.docker.stack.namespace", "app")), desired.network("default").orElseThrow());
        assertEquals("app_back", desired.network("back").orElseThrow().name());
    }

    @Test
    void declaredDefaultNetworkKeepsItsSettings() {
        DesiredStack desired = stack().with(service("web"))
                .network(network("default", n -> new NetworkConfig("default", "", "", Map.of(), null, null, false, true,
                        Map.of())))
                .convert();

        assertTrue(desired.network("default").orElseThrow().attachable());
    }

    @Test
    void createRequestFields() {
        NetworkConfig other = new NetworkConfig("other", "", "overlay", Map.of("foo", "bar", "baz", "1"),
                new IpamConfig("default", List.of(new IpamPool("172.16.238.0/24"), new IpamPool("2001:3984:3989::/64"))),
                null, true, true, Map.of("foo", "bar"));
        DesiredStack desired = stack().with(service("web").networks(Map.of("other", Optional.empty())))
                .network(other).convert();

        DesiredNetwork network = desired.network("other").orElseThrow();
        assertEquals("overlay", network.driver());
        assertEquals(Map.of("foo", "bar", "baz", "1"), network.options());
        assertEquals(Optional.of(new DesiredNetwork.Ipam(Optional.of("default"),
                List.of("172.16.238.0/24", "2001:3984:3989::/64"))), network.ipam());
        assertTrue(network.internal());
        assertTrue(network.attachable());
        assertEquals(Map.of("foo", "bar", "com.docker.stack.namespace", "app"), network.labels());
    }

    @Test
    void ipamWithOnlySubnetsHasNoDriver() {
        NetworkConfig net = new NetworkConfig("net", "", "", Map.of(),
                new IpamConfig("", List.of(new IpamPool("10.9.0.0/24"))), null, false, false, Map.of());
        DesiredNetwork network = stack().with(service("web").networks(Map.of("net", Optional.empty()))).network(net)
                .convert().network("net").orElseThrow();

        assertEquals(Optional.of(new DesiredNetwork.Ipam(Optional.empty(), List.of("10.9.0.0/24"))), network.ipam());
    }

    @Test
    void externalNetworksKeepTheNameTheyAreKnownBy() {
        Map<String, Optional<ServiceNetworkConfig>> networks = new LinkedHashMap<>();
        networks.put("outside", Optional.empty());
        networks.put("legacy", Optional.empty());
        networks.put("hostnet", Optional.empty());
        DesiredStack desired = stack().with(service("web").networks(networks))
                .network(network("outside", n -> new NetworkConfig("outside", "", "", Map.of(), null,
                        new External(true, ""), false, false, Map.of())))
                .network(network("legacy", n -> new NetworkConfig("legacy", "", "", Map.of(), null,
                        new External(true, "my-cool-network"), false, false, Map.of())))
                .network(network("hostnet", n -> new NetworkConfig("hostnet", "host", "", Map.of(), null,
                        new External(true, ""), false, false, Map.of())))
                .convert();

        assertEquals(DesiredNetwork.external("outside", "outside"), desired.network("outside").orElseThrow());
        assertEquals("my-cool-network", desired.network("legacy").orElseThrow().name());
        assertTrue(desired.network("hostnet").orElseThrow().isPredefined());
        assertFalse(desired.network("outside").orElseThrow().isPredefined());
    }
}
