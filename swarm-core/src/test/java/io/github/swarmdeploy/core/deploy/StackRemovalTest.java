package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.engine.FakeSwarm;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.lock.LockOptions;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code swarm:remove} against the in-memory {@link FakeSwarm}: what goes, what stays, what is recorded. */
class StackRemovalTest {

    private static final String STACK = "review-42";
    private static final String YAML = """
            services:
              web:
                image: registry.example/web:1
                configs: [page]
                secrets: [pw]
              worker:
                image: registry.example/worker:1
            configs:
              page:
                content: "<h1>review</h1>"
            secrets:
              pw:
                environment: PW
            """;

    @TempDir
    Path dir;

    private final FakeSwarm swarm = new FakeSwarm();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private void deploy() throws IOException {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, YAML);
        StackDefinition definition = StackLoader.forFiles(List.of(file)).environment(Map.of("PW", "s3cr3t"))
                .stackName(STACK).load().definition();
        new StackDeployer(swarm, DeployOptions.defaults().withWait(false, Duration.ofMinutes(1))
                .withImages(ImagePolicy.NEVER, false).withLock(Duration.ZERO, Duration.ofMinutes(30), "test"),
                EventListener.IGNORE, Clock.systemUTC())
                .deploy(STACK, key -> new StackConverter(new ContentVersionNamer(definition, EventListener.IGNORE, key))
                        .convert(STACK, definition), path -> Optional.empty()).throwIfFailed();
    }

    private RemovalResult remove(boolean dryRun) {
        return new StackRemoval(swarm, events::add, Clock.systemUTC()).remove(STACK, RemoveOptions.defaults()
                .withDryRun(dryRun).withLock(LockOptions.defaults("test")).withTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void everythingTheStackCreatedGoesItsHistoryAndForeignObjectsStay() throws IOException {
        deploy();
        swarm.addTask(STACK + "_web", "running", "");
        swarm.createConfig(CreateRequests.config(STACK + "_by-hand", Map.of(StackLabels.NAMESPACE, STACK),
                "mine".getBytes(StandardCharsets.UTF_8)));
        swarm.createConfig(CreateRequests.config("other_page", Map.of(StackLabels.NAMESPACE, "other",
                StackLabels.MANAGED, "true"), "theirs".getBytes(StandardCharsets.UTF_8)));

        RemovalResult result = remove(false);

        assertEquals(List.of(), swarm.serviceNames());
        assertEquals(List.of(), swarm.secretNames());
        assertEquals(List.of(), swarm.networkNames());
        assertEquals(List.of("other_page", "review-42_by-hand", "review-42_history-1", "review-42_history-2"),
                swarm.configNames().stream().sorted().toList(), "the stack's key and config versions went");
        assertEquals(OptionalLong.of(2), result.record());
        assertEquals(List.of("config review-42_by-hand: not created by swarm-deploy", "1 record of its deploy history"),
                result.leftAlone());
        DeployRecord removal = new DeployHistory(swarm, STACK, EventListener.IGNORE).fetchRecords(Optional.empty()).get(0);
        assertEquals(DeployRecord.Kind.REMOVE, removal.kind());
        assertEquals(DeployRecord.Outcome.SUCCEEDED, removal.outcome());
        assertTrue(removal.render().contains("remove  succeeded  -web -worker"), removal.render());
        List<String> writes = swarm.writes();
        int removedServices = writes.indexOf("removeService review-42_worker");
        int removedNetwork = writes.stream().filter(write -> write.startsWith("removeNetwork ")).findFirst()
                .map(writes::indexOf).orElseThrow();
        assertTrue(removedServices < writes.indexOf("removeConfig review-42_secret-key")
                && removedServices < removedNetwork, writes::toString);
        assertTrue(events.stream().anyMatch(event -> event.message().startsWith("Removed stack review-42: 2 services,"
                + " 1 network, 2 configs, 1 secret; recorded as remove #2")), events::toString);
    }

    @Test
    void aDryRunListsAndChangesNothing() throws IOException {
        deploy();
        int before = swarm.writes().size();

        RemovalResult result = remove(true);

        assertEquals(before, swarm.writes().size());
        assertEquals(List.of("service review-42_web", "service review-42_worker", "network review-42_default"),
                result.removed().subList(0, 3));
        assertTrue(events.stream().anyMatch(event -> event.message().equals("- would remove service review-42_web")),
                events::toString);
    }

    @Test
    void aStackThatIsNotThereIsNothingToRemoveAndNotRecorded() {
        RemovalResult result = remove(false);

        assertEquals(List.of(), result.removed());
        assertEquals(OptionalLong.empty(), result.record());
        assertEquals(List.of("createConfig review-42_deploy-lock", "removeConfig review-42_deploy-lock"), swarm.writes());
        assertTrue(events.stream().anyMatch(event -> event.message().equals("Nothing of stack review-42 on "
                + swarm.description() + " to remove (is the name right?)")), events::toString);
    }
}
