package io.github.swarmdeploy.core.convert;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.assertJson;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The create request bodies docker's CLI sends for networks, secrets and configs. */
class CreateRequestsTest {

    @Test
    void network() {
        assertJson("""
                {"Name": "app_back", "CheckDuplicate": true, "Driver": "overlay",
                 "IPAM": {"Driver": "", "Config": [{"Subnet": "172.28.5.0/24"}]},
                 "Internal": true, "Options": {"com.docker.network.driver.mtu": "1400"},
                 "Labels": {"com.docker.stack.namespace": "app"}}""",
                CreateRequests.network(new DesiredNetwork("back", "app_back", false, "overlay",
                        Map.of("com.docker.network.driver.mtu", "1400"),
                        Optional.of(new DesiredNetwork.Ipam(Optional.empty(), List.of("172.28.5.0/24"))), true, false,
                        Map.of("com.docker.stack.namespace", "app"))));
        assertJson("""
                {"Name": "app_default", "CheckDuplicate": true, "Driver": "overlay", "Attachable": true}""",
                CreateRequests.network(new DesiredNetwork("default", "app_default", false, "overlay", Map.of(),
                        Optional.empty(), false, true, Map.of())));
    }

    @Test
    void secretAndConfig() {
        assertJson("""
                {"Name": "app_db", "Labels": {"com.docker.stack.namespace": "app"}, "Data": "czNjcjN0"}""",
                CreateRequests.secret(new DesiredSecret("db", "app_db", false, Map.of("com.docker.stack.namespace", "app"),
                        "s3cr3t".getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty(), Map.of())));
        assertJson("""
                {"Name": "app_vault", "Driver": {"Name": "vault", "Options": {"path": "a/b"}},
                 "Templating": {"Name": "golang"}}""",
                CreateRequests.secret(new DesiredSecret("vault", "app_vault", false, Map.of(), new byte[0],
                        Optional.of("golang"), Optional.of("vault"), Map.of("path", "a/b"))));
        assertJson("""
                {"Name": "app_conf", "Data": "bGlzdGVu", "Templating": {"Name": "golang"}}""",
                CreateRequests.config(new DesiredConfig("conf", "app_conf", false, Map.of(),
                        "listen".getBytes(StandardCharsets.UTF_8), Optional.of("golang"))));
    }

    @Test
    void externalObjectsAreNeverCreated() {
        assertThrows(IllegalArgumentException.class, () -> CreateRequests.network(DesiredNetwork.external("n", "n")));
        assertThrows(IllegalArgumentException.class, () -> CreateRequests.secret(DesiredSecret.external("s", "s")));
        assertThrows(IllegalArgumentException.class, () -> CreateRequests.config(DesiredConfig.external("c", "c")));
    }
}
