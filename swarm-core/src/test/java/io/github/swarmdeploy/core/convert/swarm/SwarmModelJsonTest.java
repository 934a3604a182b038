package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecPrivileges;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that the fields docker-java lacks reach the wire: a docker-java {@link ServiceSpec} holding our
 * subclasses, serialised by the very object mapper docker-java's commands use (as {@code DesiredService} serialises specs),
 * carries them with the Engine API's names, and leaves them out when unset.
 */
class SwarmModelJsonTest {

    /** docker-java's own mapper, the one its commands send with and {@code DesiredService} serialises with. */
    private static final ObjectMapper json = DockerClientConfig.getDefaultObjectMapper();

    /** The names of the fields that are present and not null, sorted. */
    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                names.add(field.getKey());
            }
        });
        java.util.Collections.sort(names);
        return names;
    }

    private static JsonNode serialise(Object value) {
        return json.valueToTree(value);
    }

    @Test
    void containerSpecFieldsDockerJavaLacksAreSerialised() {
        SwarmCredentialSpec credentialSpec = new SwarmCredentialSpec().withConfig("cfgid");
        ServiceSpec spec = new ServiceSpec().withTaskTemplate(new TaskSpec().withContainerSpec(
                new SwarmContainerSpec()
                        .withIsolation("process")
                        .withSysctls(Map.of("net.core.somaxconn", "1024"))
                        .withCapabilityAdd(List.of("CAP_NET_ADMIN"))
                        .withCapabilityDrop(List.of("CAP_SYS_ADMIN"))
                        .withUlimits(List.of(new Ulimit("nofile", 20000L, 40000L)))
                        .withOomScoreAdj(-500L)
                        .withImage("busybox:latest")
                        .withPrivileges(new ContainerSpecPrivileges().withCredentialSpec(credentialSpec))));

        JsonNode container = serialise(spec).path("TaskTemplate").path("ContainerSpec");

        assertEquals("busybox:latest", container.path("Image").asText());
        assertEquals("process", container.path("Isolation").asText());
        assertEquals("1024", container.path("Sysctls").path("net.core.somaxconn").asText());
        assertEquals("CAP_NET_ADMIN", container.path("CapabilityAdd").path(0).asText());
        assertEquals("CAP_SYS_ADMIN", container.path("CapabilityDrop").path(0).asText());
        assertEquals(json.createObjectNode().put("Name", "nofile").put("Soft", 20000L).put("Hard", 40000L),
                container.path("Ulimits").path(0));
        assertEquals(-500L, container.path("OomScoreAdj").asLong());
        assertEquals("cfgid", container.path("Privileges").path("CredentialSpec").path("Config").asText());
    }

    @Test
    void unsetExtraFieldsAreLeftOut() {
        JsonNode container = serialise(new SwarmContainerSpec().withImage("x"));

        for (String field : List.of("Isolation", "Sysctls", "CapabilityAdd", "CapabilityDrop", "Ulimits",
                "OomScoreAdj")) {
            assertFalse(container.has(field), field + " should be absent: " + container);
        }
    }

    @Test
    void placementPreferencesResourcesAndNetworkDriverOptions() {
        ServiceSpec spec = new ServiceSpec().withTaskTemplate(new TaskSpec()
                .withContainerSpec(new ContainerSpec().withImage("x"))
                .withPlacement(new SwarmPlacement()
                        .withPreferences(List.of(SwarmPlacement.Preference.spread("node.labels.az")))
                        .withMaxReplicas(5))
                .withResources(new ResourceRequirements()
                        .withLimits(new SwarmResources().withPids(100L).withNanoCPUs(1_000_000L))
                        .withReservations(new SwarmResources().withGenericResources(
                                List.of(SwarmGenericResource.discrete("gpu", 2)))))
                .withNetworks(List.of(new SwarmNetworkAttachment().withDriverOpts(Map.of("opt", "v"))
                        .withTarget("stack_net").withAliases(List.of("web")))));

        JsonNode task = serialise(spec).path("TaskTemplate");

        assertEquals("node.labels.az",
                task.path("Placement").path("Preferences").path(0).path("Spread").path("SpreadDescriptor").asText());
        assertEquals(5, task.path("Placement").path("MaxReplicas").asInt());
        assertEquals(100L, task.path("Resources").path("Limits").path("Pids").asLong());
        assertEquals(1_000_000L, task.path("Resources").path("Limits").path("NanoCPUs").asLong());
        JsonNode generic = task.path("Resources").path("Reservations").path("GenericResources").path(0);
        assertEquals("gpu", generic.path("DiscreteResourceSpec").path("Kind").asText());
        assertTrue(generic.path("DiscreteResourceSpec").path("Value").isIntegralNumber(), generic.toString());
        assertEquals(2, generic.path("DiscreteResourceSpec").path("Value").asInt());
        assertEquals("v", task.path("Networks").path(0).path("DriverOpts").path("opt").asText());
        assertEquals("stack_net", task.path("Networks").path(0).path("Target").asText());
    }

    @Test
    void replicatedModeWithoutReplicasSendsAnEmptyObjectNotZero() {
        assertEquals(json.createObjectNode(), serialise(SwarmServiceMode.replicated(null)).path("Replicated"));
        assertEquals(3, serialise(SwarmServiceMode.replicated(3L)).path("Replicated").path("Replicas").asInt());
        assertEquals(0, serialise(SwarmServiceMode.replicated(0L)).path("Replicated").path("Replicas").asInt());
        assertTrue(serialise(SwarmServiceMode.replicated(0L)).path("Replicated").has("Replicas"));
        assertFalse(serialise(SwarmServiceMode.replicated(2L)).has("mode"), "docker-java's derived 'mode' leaks");
    }

    @Test
    void jobModes() {
        JsonNode replicatedJob = serialise(SwarmServiceMode.replicatedJob(4L, 4L));
        assertEquals(4, replicatedJob.path("ReplicatedJob").path("MaxConcurrent").asInt());
        assertEquals(4, replicatedJob.path("ReplicatedJob").path("TotalCompletions").asInt());
        assertTrue(replicatedJob.path("Replicated").isNull() || replicatedJob.path("Replicated").isMissingNode());

        assertEquals(json.createObjectNode(), serialise(SwarmServiceMode.replicatedJob(null, null)).path("ReplicatedJob"));
        assertEquals(json.createObjectNode(), serialise(SwarmServiceMode.globalJob()).path("GlobalJob"));
    }

    @Test
    void mountsIncludingTheClusterTypeDockerJavaCannotName() {
        JsonNode cluster = serialise(new SwarmMount().withTypeName("cluster").withEmptyClusterOptions()
                .withSource("group:mygroup").withTarget("/srv"));
        assertEquals("cluster", cluster.path("Type").asText());
        assertEquals(List.of("ClusterOptions", "Source", "Target", "Type"), fieldNames(cluster));
        assertEquals(json.createObjectNode(), cluster.path("ClusterOptions"));

        JsonNode bind = serialise(new SwarmMount().withType(MountType.BIND).withConsistency("cached")
                .withSource("/opt").withTarget("/opt"));
        assertEquals("bind", bind.path("Type").asText());
        assertEquals("cached", bind.path("Consistency").asText());

        JsonNode volume = serialise(new SwarmMount().withTypeName("volume")
                .withVolumeOptions(new SwarmVolumeOptions().withSubpath("sub").withNoCopy(true)));
        assertEquals("volume", volume.path("Type").asText());
        assertEquals("sub", volume.path("VolumeOptions").path("Subpath").asText());
        assertTrue(volume.path("VolumeOptions").path("NoCopy").asBoolean());
    }

    @Test
    void runtimeConfigReference() {
        JsonNode reference = serialise(new SwarmConfigReference().withRuntimeTarget().withConfigName("cred"));
        assertEquals(json.createObjectNode(), reference.path("Runtime"));
        assertEquals("cred", reference.path("ConfigName").asText());

        JsonNode file = serialise(new SwarmConfigReference().withConfigName("c")
                .withFile(new ContainerSpecFile().withName("/c").withMode(0444L)));
        assertFalse(file.has("Runtime"), file.toString());
        assertEquals(0444, file.path("File").path("Mode").asInt());
    }
}
