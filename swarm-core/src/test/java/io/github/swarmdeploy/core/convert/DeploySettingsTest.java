package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.compose.model.DeployConfig;
import io.github.swarmdeploy.core.compose.model.DiscreteGenericResource;
import io.github.swarmdeploy.core.compose.model.GenericResource;
import io.github.swarmdeploy.core.compose.model.Placement;
import io.github.swarmdeploy.core.compose.model.PlacementPreference;
import io.github.swarmdeploy.core.compose.model.Resource;
import io.github.swarmdeploy.core.compose.model.ResourceLimit;
import io.github.swarmdeploy.core.compose.model.Resources;
import io.github.swarmdeploy.core.compose.model.RestartPolicy;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.ServicePortConfig;
import io.github.swarmdeploy.core.compose.model.UpdateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.assertJson;
import static io.github.swarmdeploy.core.convert.Fixtures.service;
import static io.github.swarmdeploy.core.convert.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** deploy: mode/replicas, update and rollback config, restart policy, resources, placement; ports and endpoint. */
class DeploySettingsTest {

    private static DeployConfig deploy(String mode, Long replicas) {
        return new DeployConfig(mode, Optional.ofNullable(replicas), null, null, null, null, null, null, null);
    }

    private static JsonNode spec(ServiceConfig.Builder service) {
        return stack().with(service).spec(service.build().name());
    }

    @Test
    void modes() {
        assertJson("""
                {"Replicated": {"Replicas": 3}}""", spec(service("s").deploy(deploy("replicated", 3L))).at("/Mode"));
        assertJson("""
                {"Replicated": {"Replicas": 0}}""", spec(service("s").deploy(deploy("", 0L))).at("/Mode"));
        assertJson("""
                {"Replicated": {}}""", spec(service("s").deploy(deploy("", null))).at("/Mode"));
        assertJson("""
                {"Global": {}}""", spec(service("s").deploy(deploy("global", null))).at("/Mode"));
        assertJson("""
                {"ReplicatedJob": {"MaxConcurrent": 4, "TotalCompletions": 4}}""",
                spec(service("s").deploy(deploy("replicated-job", 4L))).at("/Mode"));
        assertJson("""
                {"ReplicatedJob": {}}""", spec(service("s").deploy(deploy("replicated-job", null))).at("/Mode"));
        assertJson("""
                {"GlobalJob": {}}""", spec(service("s").deploy(deploy("global-job", null))).at("/Mode"));
    }

    @Test
    void replicasWithAGlobalModeAreRefused() {
        ConversionException problem = assertThrows(ConversionException.class,
                () -> stack().with(service("s").deploy(deploy("global", 2L))).position("services.s.deploy.mode", 4, 13)
                        .convert());
        assertEquals("stack.yml:4:13 services.s.deploy.mode: replicas can only be used with replicated or replicated-job mode",
                problem.getMessage());
        assertThrows(ConversionException.class, () -> stack().with(service("s").deploy(deploy("global-job", 1L))).convert());
        assertEquals("services.s.deploy.mode: Unknown mode: daemon", assertThrows(ConversionException.class,
                () -> stack().with(service("s").deploy(deploy("daemon", null))).convert()).getMessage());
    }

    private static DeployConfig updates(UpdateConfig update, UpdateConfig rollback) {
        return new DeployConfig(null, null, null, Optional.ofNullable(update), Optional.ofNullable(rollback), null, null,
                null, null);
    }

    @Test
    void updateAndRollbackConfigWithDockersDefaultParallelism() {
        UpdateConfig full = new UpdateConfig(Optional.of(3L), Duration.ofSeconds(10), "continue", Duration.ofSeconds(60),
                0.3f, "start-first");
        UpdateConfig empty = new UpdateConfig(Optional.empty(), null, null, null, 0f, null);
        JsonNode spec = spec(service("s").deploy(updates(full, empty)));

        assertJson("""
                {"Parallelism": 3, "Delay": 10000000000, "FailureAction": "continue", "Monitor": 60000000000,
                 "MaxFailureRatio": 0.3, "Order": "start-first"}""", spec.at("/UpdateConfig"));
        assertJson("""
                {"Parallelism": 1}""", spec.at("/RollbackConfig"));
        assertJson("""
                {"Parallelism": 0}""", spec(service("s").deploy(updates(null,
                new UpdateConfig(Optional.of(0L), null, null, null, 0f, null)))).at("/RollbackConfig"));
        assertEquals(true, spec(service("s")).at("/UpdateConfig").isMissingNode());
    }

    @Test
    void anUnknownFailureActionNamesItsKey() {
        ConversionException problem = assertThrows(ConversionException.class, () -> spec(service("s").deploy(
                updates(new UpdateConfig(Optional.empty(), null, "explode", null, 0f, null), null))));
        assertEquals("services.s.deploy.update_config.failure_action: invalid value \"explode\" "
                + "(expected one of pause, continue, rollback)", problem.getMessage());
    }

    private static DeployConfig restart(RestartPolicy policy) {
        return new DeployConfig(null, null, null, null, null, null, Optional.of(policy), null, null);
    }

    @Test
    void restartPolicy() {
        assertJson("""
                {"Condition": "on-failure", "Delay": 5000000000, "MaxAttempts": 3, "Window": 120000000000}""",
                spec(service("s").deploy(restart(new RestartPolicy("on-failure", Optional.of(Duration.ofSeconds(5)),
                        Optional.of(3L), Optional.of(Duration.ofSeconds(120)))))).at("/TaskTemplate/RestartPolicy"));
        assertJson("""
                {"Delay": 0}""", spec(service("s").deploy(restart(new RestartPolicy("", Optional.of(Duration.ZERO),
                null, null)))).at("/TaskTemplate/RestartPolicy"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                  | ",
            "no                  | ",
            "always              | {\"Condition\": \"any\"}",
            "unless-stopped      | {\"Condition\": \"any\"}",
            "on-failure          | {\"Condition\": \"on-failure\", \"MaxAttempts\": 0}",
            "on-failure:5        | {\"Condition\": \"on-failure\", \"MaxAttempts\": 5}"})
    void legacyRestartIsUsedWithoutRestartPolicy(String restart, String expected) {
        JsonNode policy = spec(service("s").restart(restart)).at("/TaskTemplate/RestartPolicy");
        if (expected == null) {
            assertEquals(true, policy.isMissingNode(), policy.toString());
        } else {
            assertJson(expected, policy);
        }
    }

    @Test
    void restartPolicyWinsOverLegacyRestart() {
        assertJson("""
                {"Condition": "none"}""", spec(service("s").restart("always").deploy(restart(
                new RestartPolicy("none", null, null, null)))).at("/TaskTemplate/RestartPolicy"));
    }

    @Test
    void badLegacyRestartIsRefused() {
        assertEquals("services.s.restart: unknown restart policy: sometimes", assertThrows(ConversionException.class,
                () -> spec(service("s").restart("sometimes"))).getMessage());
        assertEquals("services.s.restart: invalid restart policy format: maximum retry count must be an integer",
                assertThrows(ConversionException.class, () -> spec(service("s").restart("on-failure:x"))).getMessage());
    }

    private static DeployConfig resources(ResourceLimit limits, Resource reservations) {
        return new DeployConfig(null, null, null, null, null,
                new Resources(Optional.ofNullable(limits), Optional.ofNullable(reservations)), null, null, null);
    }

    @Test
    void resources() {
        JsonNode spec = spec(service("s").deploy(resources(new ResourceLimit("0.001", 50L * 1024 * 1024, 100),
                new Resource("0.0001", 20L * 1024 * 1024, List.of(
                        new GenericResource(Optional.of(new DiscreteGenericResource("gpu", 2))),
                        new GenericResource(Optional.of(new DiscreteGenericResource("ssd", 1))))))));

        assertJson("""
                {
                  "Limits": {"NanoCPUs": 1000000, "MemoryBytes": 52428800, "Pids": 100},
                  "Reservations": {"NanoCPUs": 100000, "MemoryBytes": 20971520, "GenericResources": [
                    {"DiscreteResourceSpec": {"Kind": "gpu", "Value": 2}},
                    {"DiscreteResourceSpec": {"Kind": "ssd", "Value": 1}}
                  ]}
                }""", spec.at("/TaskTemplate/Resources"));
        assertJson("""
                {"Limits": {}}""", spec(service("s").deploy(resources(new ResourceLimit("", 0, 0), null)))
                .at("/TaskTemplate/Resources"));
    }

    @ParameterizedTest
    @CsvSource({"1,1000000000", "0.5,500000000", "2.25,2250000000", "3/2,1500000000", "1e-3,1000000",
            "0.000000001,1"})
    void cpusAsDockerParsesThem(String cpus, long nanos) {
        assertEquals(nanos, spec(service("s").deploy(resources(new ResourceLimit(cpus, 0, 0), null)))
                .at("/TaskTemplate/Resources/Limits/NanoCPUs").asLong());
    }

    @Test
    void cpusThatAreNotAWholeNumberOfNanoCpusAreRefused() {
        assertEquals("services.s.deploy.resources.limits.cpus: value is too precise", assertThrows(
                ConversionException.class, () -> spec(service("s").deploy(resources(
                        new ResourceLimit("0.0000000001", 0, 0), null)))).getMessage());
        assertEquals("services.s.deploy.resources.reservations.cpus: failed to parse lots as a rational number",
                assertThrows(ConversionException.class, () -> spec(service("s").deploy(resources(null,
                        new Resource("lots", 0, List.of()))))).getMessage());
    }

    @Test
    void placement() {
        JsonNode spec = spec(service("s").deploy(new DeployConfig(null, null, null, null, null, null, null,
                new Placement(List.of("node.role==manager", "node.labels.az==a"),
                        List.of(new PlacementPreference("node.labels.az")), 5), null)));

        assertJson("""
                {"Constraints": ["node.role==manager", "node.labels.az==a"],
                 "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.az"}}],
                 "MaxReplicas": 5}""", spec.at("/TaskTemplate/Placement"));
    }

    @Test
    void portsAreSortedByPublishedPortAndEndpointModeIsLowerCased() {
        JsonNode spec = spec(service("s").ports(List.of(
                        new ServicePortConfig("ingress", 80, 8080, "tcp"),
                        new ServicePortConfig("host", 53, 53, "udp"),
                        new ServicePortConfig("ingress", 3000, 0, "tcp"),
                        new ServicePortConfig("", 9000, 0, "")))
                .deploy(new DeployConfig(null, null, null, null, null, null, null, null, "VIP")));

        assertJson("""
                {"Mode": "vip", "Ports": [
                  {"Protocol": "tcp", "TargetPort": 3000, "PublishedPort": 0, "PublishMode": "ingress"},
                  {"TargetPort": 9000, "PublishedPort": 0},
                  {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 53, "PublishMode": "host"},
                  {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"}
                ]}""", spec.at("/EndpointSpec"));
    }

    @Test
    void badPortProtocolIsRefused() {
        assertEquals("services.s.ports.0.protocol: invalid value \"icmp\" (expected one of tcp, udp, sctp)",
                assertThrows(ConversionException.class, () -> spec(service("s").ports(List.of(
                        new ServicePortConfig("ingress", 1, 1, "icmp"))))).getMessage());
    }
}
