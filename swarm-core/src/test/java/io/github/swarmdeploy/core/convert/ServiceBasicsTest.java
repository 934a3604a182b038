package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ServiceNetworkConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.assertJson;
import static io.github.swarmdeploy.core.convert.Fixtures.network;
import static io.github.swarmdeploy.core.convert.Fixtures.service;
import static io.github.swarmdeploy.core.convert.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Names, labels, the image, the default network and the parts docker always sends. */
class ServiceBasicsTest {

    @Test
    void minimalServiceIsWhatDockerSends() {
        JsonNode spec = stack().with(service("web")).spec("web");

        assertJson("""
                {
                  "Name": "app_web",
                  "Labels": {"com.docker.stack.namespace": "app", "com.docker.stack.image": "nginx:1.27"},
                  "TaskTemplate": {
                    "ContainerSpec": {
                      "Image": "nginx:1.27",
                      "Labels": {"com.docker.stack.namespace": "app"},
                      "Privileges": {}
                    },
                    "Resources": {},
                    "Placement": {},
                    "Networks": [{"Target": "app_default", "Aliases": ["web"]}]
                  },
                  "Mode": {"Replicated": {}},
                  "EndpointSpec": {}
                }""", spec);
    }

    @Test
    void imageWithoutTagIsSentWithLatestWhileTheLabelKeepsItAsWritten() {
        JsonNode spec = stack().with(service("web").image("redis")).spec("web");

        assertEquals("redis:latest", spec.at("/TaskTemplate/ContainerSpec/Image").asText());
        assertEquals("redis", spec.at("/Labels/com.docker.stack.image").asText());
    }

    @Test
    void deployLabelsGoOnTheServiceAndServiceLabelsOnTheContainer() {
        JsonNode spec = stack().with(service("web")
                .labels(Map.of("com.example.description", "Accounting webapp", "com.docker.stack.namespace", "spoofed"))
                .deploy(new io.github.swarmdeploy.core.compose.model.DeployConfig(null, null,
                        Map.of("traefik.enable", "true"), null, null, null, null, null, null))).spec("web");

        assertJson("""
                {"traefik.enable": "true", "com.docker.stack.namespace": "app", "com.docker.stack.image": "nginx:1.27"}
                """, spec.at("/Labels"));
        assertJson("""
                {"com.example.description": "Accounting webapp", "com.docker.stack.namespace": "app"}
                """, spec.at("/TaskTemplate/ContainerSpec/Labels"));
    }

    @Test
    void networksAreSortedByNameWithTheServiceKeyAppendedToTheAliases() {
        Map<String, Optional<ServiceNetworkConfig>> networks = new LinkedHashMap<>();
        networks.put("front", Optional.of(new ServiceNetworkConfig(List.of("www"), Map.of("opt", "1"), "", "")));
        networks.put("back", Optional.empty());
        networks.put("outside", Optional.empty());
        networks.put("named", Optional.empty());
        JsonNode spec = stack().with(service("web").networks(networks))
                .network(network("front", n -> n))
                .network(network("back", n -> n))
                .network(network("outside", n -> new NetworkConfig(n.key(), "", "", Map.of(), null,
                        new io.github.swarmdeploy.core.compose.model.External(true, ""), false, false, Map.of())))
                .network(network("named", n -> new NetworkConfig(n.key(), "shared-net", "", Map.of(), null, null,
                        false, false, Map.of())))
                .spec("web");

        assertJson("""
                [
                  {"Target": "app_back", "Aliases": ["web"]},
                  {"Target": "app_front", "Aliases": ["www", "web"], "DriverOpts": {"opt": "1"}},
                  {"Target": "outside", "Aliases": ["web"]},
                  {"Target": "shared-net", "Aliases": ["web"]}
                ]""", spec.at("/TaskTemplate/Networks"));
    }

    @Test
    void predefinedNetworksGetNoAlias() {
        JsonNode spec = stack().with(service("web").networks(Map.of("hostnet", Optional.empty())))
                .network(network("hostnet", n -> new NetworkConfig(n.key(), "host", "", Map.of(), null,
                        new io.github.swarmdeploy.core.compose.model.External(true, ""), false, false, Map.of())))
                .spec("web");

        assertJson("""
                [{"Target": "host"}]""", spec.at("/TaskTemplate/Networks"));
    }

    @Test
    void anUndefinedNetworkIsRefusedWithItsPosition() {
        Fixtures.Stack stack = stack().with(service("web").networks(Map.of("nope", Optional.empty())))
                .position("services.web.networks.nope", 7, 9);

        ConversionException problem = org.junit.jupiter.api.Assertions.assertThrows(ConversionException.class,
                stack::convert);

        assertEquals("stack.yml:7:9 services.web.networks.nope: undefined network \"nope\"", problem.getMessage());
    }

    @Test
    void servicesComeSortedByKeyWithDependsOnKept() {
        DesiredStack desired = stack().with(service("web").dependsOn(List.of("db")))
                .with(service("db")).with(service("api")).convert();

        assertEquals(List.of("api", "db", "web"), desired.services().stream().map(DesiredService::key).toList());
        assertEquals("app_web", desired.service("web").orElseThrow().name());
        assertEquals(List.of("db"), desired.service("web").orElseThrow().dependsOn());
    }
}
