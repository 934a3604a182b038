package io.github.swarmdeploy.core.prune;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node cleanup ({@code swarm.prune.engine}) on the sandbox. On a shared engine a test may only
 * touch what it created, so it runs the cleanup narrowed to a label only its own objects carry; the
 * whole-node run differs only in sending no label filter and in also pruning the build cache.
 */
class NodeCleanupIT {

    @Test
    void removesStoppedContainersDanglingImagesAndUnusedNetworksAndCountsThem() {
        try (SwarmFixture swarm = SwarmFixture.open()) {
            DockerClient docker = SandboxSwarm.dockerClient();
            String label = "io.github.swarmdeploy.test=" + swarm.stack;
            Map<String, String> labels = Map.of("io.github.swarmdeploy.test", swarm.stack);
            String stopped = docker.createContainerCmd(SwarmFixture.BASE_IMAGE).withCmd("true")
                    .withName(swarm.stack + "_stopped").withLabels(labels).exec().getId();
            String unlabelled = docker.createContainerCmd(SwarmFixture.BASE_IMAGE).withCmd("true")
                    .withName(swarm.stack + "_unlabelled").exec().getId();
            String dangling = docker.commitCmd(stopped).withLabels(labels).exec();
            String network = docker.createNetworkCmd().withName(swarm.stack + "_bridge").withDriver("bridge")
                    .withLabels(labels).exec().getId();
            List<Event> events = new ArrayList<>();
            try {
                NodeCleanupReport report = new NodeCleanup(swarm.engine.swarm(), events::add)
                        .run(NodeCleanup.Scope.labelled(label));

                assertEquals(1, report.containers(), report::summary);
                assertEquals(1, report.images(), report::summary);
                assertEquals(1, report.networks(), report::summary);
                assertTrue(report.buildCacheSkipped());
                assertFalse(exists(() -> docker.inspectContainerCmd(stopped).exec()), "stopped container left");
                assertFalse(exists(() -> docker.inspectImageCmd(dangling).exec()), "dangling image left");
                assertFalse(exists(() -> docker.inspectNetworkCmd().withNetworkId(network).exec()), "network left");
                assertTrue(exists(() -> docker.inspectContainerCmd(unlabelled).exec()),
                        "a container outside the scope was removed");
                assertEquals(List.of("Node cleanup on " + swarm.engine.description() + ": removed 1 stopped container, "
                                + "1 dangling image, 1 unused network, build cache not touched (not selectable by label); "
                                + "reclaimed " + report.bytesReclaimed() + " bytes"),
                        events.stream().map(Event::message).toList());
            } finally {
                quietly(() -> docker.removeContainerCmd(unlabelled).withForce(true).exec());
                quietly(() -> docker.removeContainerCmd(stopped).withForce(true).exec());
                quietly(() -> docker.removeImageCmd(dangling).exec());
                quietly(() -> docker.removeNetworkCmd(network).exec());
            }
        }
    }

    private static boolean exists(Runnable inspect) {
        try {
            inspect.run();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // already removed by the cleanup under test
        }
    }
}
