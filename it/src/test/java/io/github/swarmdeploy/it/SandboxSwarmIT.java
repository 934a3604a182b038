package io.github.swarmdeploy.it;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import io.github.swarmdeploy.core.sandbox.SandboxRegistry;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox of {@code scripts/swarm-sandbox up} is a working single-node swarm that runs the base image. */
class SandboxSwarmIT {

    private static final Duration CONVERGE = Duration.ofSeconds(120);
    private static final String SERVICE_NAME_LABEL = "com.docker.swarm.service.name";

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    @Test
    void engineIsAnActiveSwarmManager() {
        SwarmInfo swarm = sandbox.docker().infoCmd().exec().getSwarm();

        assertNotNull(swarm, "docker info has no swarm section");
        assertEquals(LocalNodeState.ACTIVE, swarm.getLocalNodeState(), () -> "swarm is not active: " + swarm);
        assertEquals(Boolean.TRUE, swarm.getControlAvailable(), () -> "this node cannot manage the swarm: " + swarm);
        SwarmNode self = sandbox.docker().listSwarmNodesCmd().exec().stream()
                .filter(node -> node.getId().equals(swarm.getNodeID()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("node " + swarm.getNodeID() + " is not in the node list"));
        assertEquals(SwarmNodeRole.MANAGER, self.getSpec().getRole(), () -> "node role: " + self);
    }

    @Test
    void registryServesTheBaseImageOverPlainHttpThatTheEngineAccepts() throws Exception {
        String image = SandboxSwarm.baseImage();
        String registry = SandboxSwarm.registry();
        assertTrue(image.startsWith(registry + "/"), () -> image + " is not in the sandbox registry " + registry);
        String repository = SandboxRegistry.repositoryOf(image);
        String tag = image.substring(image.lastIndexOf(':') + 1);

        HttpResponse<String> manifest = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, manifest.statusCode(), () -> "registry has no manifest for " + image + ": " + manifest.body());
        Info info = sandbox.docker().infoCmd().exec();
        List<String> insecure = info.getRegistryConfig().getInsecureRegistryCIDRs();
        assertTrue(insecure != null && insecure.contains("127.0.0.0/8"),
                () -> "the engine refuses plain-HTTP registries on loopback; insecure registries: " + insecure);
    }

    @Test
    void baseImageRunsAsAServiceThatCanBeRemoved() {
        String name = SandboxSwarm.uniqueStack("sandbox");
        ServiceSpec spec = new ServiceSpec()
                .withName(name)
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec()
                        .withImage(SandboxSwarm.baseImage())
                        .withCommand(List.of("sleep", "3600"))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)));
        String serviceId = sandbox.docker().createServiceCmd(spec).exec().getId();
        boolean removed = false;
        try {
            Task running = runningTask(SandboxSwarm.await("a RUNNING task of service " + name, CONVERGE,
                    () -> sandbox.docker().listTasksCmd().withServiceFilter(serviceId).exec(),
                    tasks -> runningTask(tasks).isPresent())).orElseThrow();

            assertEquals(SandboxSwarm.baseImage(), running.getSpec().getContainerSpec().getImage());
            String containerId = running.getStatus().getContainerStatus().getContainerID();
            InspectContainerResponse container = sandbox.docker().inspectContainerCmd(containerId).exec();
            assertEquals(Boolean.TRUE, container.getState().getRunning(), () -> "container state: " + container.getState());
            assertEquals("sleep", container.getPath(), "the container runs the service's command");
            assertArrayEquals(new String[] {"3600"}, container.getArgs(), "the container runs the service's command");

            sandbox.docker().removeServiceCmd(serviceId).exec();
            removed = true;
            SandboxSwarm.await("service " + name + " to disappear", CONVERGE,
                    () -> sandbox.docker().listServicesCmd().withIdFilter(List.of(serviceId)).exec(),
                    List::isEmpty);
            SandboxSwarm.await("the containers of service " + name + " to disappear", CONVERGE,
                    () -> sandbox.docker().listContainersCmd().withShowAll(true)
                            .withLabelFilter(Map.of(SERVICE_NAME_LABEL, name)).exec(),
                    List::isEmpty);
        } finally {
            if (!removed) {
                removeQuietly(serviceId);
            }
        }
    }

    private static Optional<Task> runningTask(List<Task> tasks) {
        return tasks.stream()
                .filter(task -> task.getStatus() != null && task.getStatus().getState() == TaskState.RUNNING)
                .findFirst();
    }

    private static void removeQuietly(String serviceId) {
        try {
            sandbox.docker().removeServiceCmd(serviceId).exec();
        } catch (NotFoundException ignored) {
            // already gone
        }
    }
}
