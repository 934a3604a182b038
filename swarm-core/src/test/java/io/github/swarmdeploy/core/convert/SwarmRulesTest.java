package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.compose.model.DeployConfig;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import io.github.swarmdeploy.core.compose.model.Placement;
import io.github.swarmdeploy.core.compose.model.ServicePortConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.fileObject;
import static io.github.swarmdeploy.core.convert.Fixtures.service;
import static io.github.swarmdeploy.core.convert.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What docker sends but the engine refuses on create (docker then stops half-way): refused by the conversion,
 * with file, line and key, before anything is created. Messages end with the engine's words (probed on
 * engine 20.10: {@code docker service create --constraint}, {@code docker network create}, {@code docker
 * config/secret create}).
 */
class SwarmRulesTest {

    private static DeployConfig placement(String... constraints) {
        return new DeployConfig(null, null, null, null, null, null, null, new Placement(List.of(constraints), null, 0), null);
    }

    private static DeployConfig endpointMode(String mode) {
        return new DeployConfig(null, null, null, null, null, null, null, null, mode);
    }

    private static String refusal(Fixtures.Stack stack) {
        return assertThrows(ConversionException.class, stack::convert).getMessage();
    }

    @Test
    void constraintsAreParsedAsSwarmParsesThem() {
        assertNull(SwarmRules.constraintProblem("node.role==manager"));
        assertNull(SwarmRules.constraintProblem(" node.labels.zone != eu-west-1a "));
        assertNull(SwarmRules.constraintProblem("node.labels.a == x y"));
        assertNull(SwarmRules.constraintProblem("node.ip == 10.0.0.0/8"));
        assertEquals("value '' is invalid", SwarmRules.constraintProblem("node.hostname == "));
        assertEquals("value 'x@y' is invalid", SwarmRules.constraintProblem("node.labels.a == x@y"));
        assertEquals("value '\"quoted\"' is invalid", SwarmRules.constraintProblem("node.labels.a == \"quoted\""));
        assertEquals("key 'n' is invalid", SwarmRules.constraintProblem("n == x"));
        // == is looked for first, as swarmkit does
        assertEquals("key 'node.labels.a!=b' is invalid", SwarmRules.constraintProblem("node.labels.a!=b==c"));
        assertEquals("constraint expected one operator from ==, !=", SwarmRules.constraintProblem("node.hostname"));
    }

    @Test
    void constraintWithAnUnsetVariableIsRefusedAtItsLine() {
        // node.hostname == ${NODE} with NODE unset: docker creates the stack's secrets and networks, then fails
        assertEquals("stack.yml:12:13 services.minio.deploy.placement.constraints.1: placement constraint"
                        + " \"node.hostname == \" is not valid in Swarm (is a variable unset?): value '' is invalid",
                refusal(stack().with(service("minio").deploy(placement("node.role == manager", "node.hostname == ")))
                        .position("services.minio.deploy.placement.constraints.1", 12, 13)));
    }

    @Test
    void emptyOrTooLargeConfigsAndSecretsAreRefused() {
        assertEquals("stack.yml:3:11 configs.env.file: /tmp/env has 0 bytes: config data must be larger than 0 and"
                        + " less than 1024000 bytes",
                refusal(stack().config(fileObject("env", "")).position("configs.env.file", 3, 11)));
        assertEquals("secrets.big.file: /tmp/big has 512000 bytes: secret data must be larger than 0 and less than"
                + " 512000 bytes", refusal(stack().secret(fileObject("big", "x".repeat(512_000)))));
        assertDoesNotThrow(() -> stack().secret(fileObject("max", "x".repeat(511_999)))
                .config(fileObject("max", "x".repeat(1_023_999))).convert());
        // a secret a driver provides has no data
        assertDoesNotThrow(() -> stack().secret(new FileObjectConfig("vault", "", "/x", ObjectContent.ofText(""), "", External.NO,
                Map.of(), "vault-plugin", Map.of(), "", FileObjectConfig.Source.FILE, Optional.empty())).convert());
    }

    @Test
    void overlayNetworkNamesMustBeDnsLabels() {
        assertEquals("stack.yml:20:11 networks.front.name: network name \"my.front\" is not valid in Swarm (letters,"
                        + " digits, '-' and '_', starting and ending with a letter or digit): name must be valid as a DNS"
                        + " name component",
                refusal(stack().with(service("web").networks(Map.of("front", Optional.empty())))
                        .network(named("front", "my.front", "")).position("networks.front.name", 20, 11)));
        String longKey = "f".repeat(60);
        assertEquals("networks." + longKey + ": network name \"app_" + longKey + "\" has 64 characters: name must be 63"
                        + " characters or fewer",
                refusal(stack().with(service("web").networks(Map.of(longKey, Optional.empty())))
                        .network(named(longKey, "", ""))));
    }

    @Test
    void aNetworkOfALocalDriverCannotBeJoinedByServices() {
        assertEquals("stack.yml:5:13 networks.jacs-net.driver: driver bridge makes a network of one node, services need"
                        + " driver: overlay: The network app_jacs-net cannot be used with services. Only networks scoped"
                        + " to the swarm can be used, such as those created with the overlay driver.",
                refusal(stack().with(service("web").networks(Map.of("jacs-net", Optional.empty())))
                        .network(named("jacs-net", "", "bridge")).position("networks.jacs-net.driver", 5, 13)));
        // not created when no service uses it (docker creates only the networks services use)
        assertDoesNotThrow(() -> stack().with(service("web")).network(named("unused", "", "macvlan")).convert());
    }

    private static NetworkConfig named(String key, String name, String driver) {
        return new NetworkConfig(key, name, driver, Map.of(), null, null, false, false, null);
    }

    @Test
    void publishedPortsFollowSwarmsConflictRules() {
        assertEquals("stack.yml:9:9 services.db.ports.0: port 5432/tcp is also published by services.app (two services"
                        + " can share a published port only in mode: host): port '5432' is already in use by service"
                        + " 'services.app'",
                refusal(stack().with(service("app").ports(List.of(new ServicePortConfig("", 5432, 5432, ""))))
                        .with(service("db").ports(List.of(new ServicePortConfig("host", 5432, 5432, "tcp"))))
                        .position("services.db.ports.0", 9, 9)));
        assertEquals("services.s.ports.1: port 80/tcp is published twice by this service (also at services.s.ports.0):"
                        + " duplicate published ports provided",
                refusal(stack().with(service("s").ports(List.of(new ServicePortConfig("host", 80, 80, ""),
                        new ServicePortConfig("ingress", 8080, 80, "tcp"))))));
        assertEquals("services.s.ports.0: port 80 is published in ingress mode, the service has endpoint_mode: dnsrr"
                        + " (publish it with mode: host): port published with ingress mode can't be used with dnsrr mode",
                refusal(stack().with(service("s").ports(List.of(new ServicePortConfig("", 80, 0, "")))
                        .deploy(endpointMode("dnsrr")))));
        // host mode may be shared, other protocols are other ports, dnsrr with host mode is fine
        assertDoesNotThrow(() -> stack()
                .with(service("a").ports(List.of(new ServicePortConfig("host", 80, 80, ""),
                        new ServicePortConfig("", 53, 53, "udp"))).deploy(endpointMode("vip")))
                .with(service("b").ports(List.of(new ServicePortConfig("host", 80, 80, ""),
                        new ServicePortConfig("", 53, 53, "tcp"))))
                .with(service("c").ports(List.of(new ServicePortConfig("host", 81, 81, ""))).deploy(endpointMode("dnsrr")))
                .convert());
    }
}
