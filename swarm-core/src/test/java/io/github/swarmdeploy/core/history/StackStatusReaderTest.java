package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.SecretKeyStore;
import io.github.swarmdeploy.core.deploy.StackDeployer;
import io.github.swarmdeploy.core.engine.FakeSwarm;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** swarm:status against the in-memory {@code FakeSwarm}: per service what runs, the last record, and drift. */
class StackStatusReaderTest {

    private static final String STACK = "shop";

    @TempDir
    Path dir;

    private final FakeSwarm swarm = new FakeSwarm();

    @BeforeEach
    void deploy() throws IOException {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, """
                services:
                  web:
                    image: registry.example/web:1@sha256:%s
                    environment:
                      MODE: prod
                    configs: [page]
                configs:
                  page:
                    content: "<h1>shop</h1>"
                """.formatted("a".repeat(64)));
        StackDefinition definition = StackLoader.forFiles(List.of(file)).environment(Map.of()).stackName(STACK).load()
                .definition();
        new StackDeployer(swarm, DeployOptions.defaults().withWait(false, Duration.ofMinutes(1))
                .withImages(ImagePolicy.NEVER, false).withLock(Duration.ZERO, Duration.ofMinutes(30), "test"),
                EventListener.IGNORE, Clock.systemUTC())
                .withHistory(HistoryOptions.defaults().withOrigin(DeployOrigin.fromEnvironment(Map.of(
                        "CI_COMMIT_SHA", "8a4f53ae0123"))))
                .deploy(STACK, key -> new StackConverter(new ContentVersionNamer(definition, EventListener.IGNORE, key))
                        .convert(STACK, definition), path -> Optional.empty()).throwIfFailed();
        swarm.addNode("node-1", "ready", "active");
    }

    private StackStatus status() {
        return new StackStatusReader(swarm, EventListener.IGNORE).fetch(STACK,
                new SecretKeyStore(swarm, STACK).fetch().map(HistorySeal::of));
    }

    @Test
    void eachServiceWithItsImageReplicasHealthAndVersionsAndTheLastDeployWithoutDrift() {
        swarm.addTask(STACK + "_web", "running", "");

        StackStatus status = status();

        StackStatus.ServiceStatus web = status.services().get(0);
        assertEquals("shop_web", web.name());
        assertEquals("1", web.tag());
        assertEquals("sha256:" + "a".repeat(64), web.digest());
        assertEquals(1, web.running());
        assertEquals(1, web.desired());
        assertTrue(web.healthy(), web.state());
        assertEquals(1, web.configs().size());
        assertTrue(web.configs().get(0).startsWith("shop_page_"));
        assertEquals(1, status.lastRecord().orElseThrow().sequence());
        assertEquals(Optional.of(List.of()), status.drift());
        assertTrue(status.render().contains("Drift: none, the services run what the last deploy applied"),
                status.render()::toString);
        assertTrue(status.render().stream().anyMatch(line -> line.startsWith("Last: #1 ") && line.endsWith(
                "commit 8a4f53ae")), status.render()::toString);
    }

    @Test
    void anEnvironmentVariableAddedByHandIsDriftAndANotRunningServiceSaysWhy() {
        SwarmService web = swarm.service(STACK + "_web").orElseThrow();
        ObjectNode spec = web.spec().deepCopy();
        ((ArrayNode) spec.at("/TaskTemplate/ContainerSpec/Env")).add("DEBUG=1");
        swarm.updateService(web.id(), web.version(), spec, Optional.empty());
        swarm.addTask(STACK + "_web", "failed", "task: non-zero exit (1)");

        StackStatus status = status();

        assertTrue(status.hasDrift());
        assertEquals("environment: +DEBUG", status.drift().orElseThrow().get(0).describe());
        assertFalse(status.services().get(0).healthy());
        assertEquals(Optional.of("task: non-zero exit (1)"), status.services().get(0).taskError());
        assertTrue(status.toJson().at("/drift/drifted").asBoolean(), status.toJson()::toString);
        assertEquals("DEBUG", status.toJson().at("/drift/services/0/fields/0/after").asText().substring(1));
    }

    @Test
    void withoutTheStacksKeyDriftIsUnknownAndSaysWhy() {
        StackStatus status = new StackStatusReader(swarm, EventListener.IGNORE).fetch(STACK, Optional.empty());

        assertEquals(Optional.empty(), status.drift());
        assertEquals("#1 holds no specs: they are sealed with the stack's key, which is not there (config"
                + " shop_secret-key was removed)", status.driftUnknown());
    }
}
