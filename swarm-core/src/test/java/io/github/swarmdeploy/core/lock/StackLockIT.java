package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.deploy.DeployOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.HttpMethod;
import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import io.github.swarmdeploy.core.sandbox.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack lock on the sandbox swarm: one holder at a time, waiting, giving up naming the holder, a holder
 * that keeps its lock alive past its lease, and stale locks (no heartbeat for a lease, or older than the
 * time-to-live) taken over without anyone removing them by hand.
 */
class StackLockIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    private EngineConnection engine;
    private String stack;

    @BeforeEach
    void newStack() {
        engine = sandbox.connection();
        stack = sandbox.newStack("lock");
    }

    private static LockOptions lock(String holder, Duration wait) {
        return LockOptions.defaults(holder).withWait(wait);
    }

    private List<String> lockConfigs() {
        return SandboxSwarm.listStackObjects(engine, stack).stream().filter(name -> name.startsWith("configs:")).toList();
    }

    private JsonNode labels(StackLock lock) {
        return engine.fetchJson("/configs/" + lock.name()).path("Spec").path("Labels");
    }

    @Test
    void lockIsAConfigLabelledWithItsHolderAndLeaseAndGoneAfterRelease() {
        try (StackLock lock = StackLock.acquire(engine.swarm(), stack, lock("alice@ci", Duration.ZERO), Clock.systemUTC(),
                EventListener.IGNORE)) {
            JsonNode config = engine.fetchJson("/configs/" + lock.name());
            assertEquals(stack + "_deploy-lock", config.path("Spec").path("Name").asText());
            assertEquals("alice@ci", labels(lock).path(StackLabels.LOCK_HOLDER).asText());
            assertEquals("PT30S", labels(lock).path(StackLabels.LOCK_LEASE).asText());
            assertEquals(stack, labels(lock).path(StackLabels.NAMESPACE).asText());
            assertFalse(labels(lock).has(StackLabels.MANAGED), "prune must not see the lock as ours");
        }
        assertEquals(List.of(), lockConfigs());
    }

    @Test
    void secondHolderGivesUpAfterWaitingAndNamesTheFirst() {
        try (StackLock ignored = StackLock.acquire(engine.swarm(), stack, lock("alice@ci", Duration.ZERO), Clock.systemUTC(),
                EventListener.IGNORE)) {
            StackLockedException e = assertThrows(StackLockedException.class, () -> StackLock.acquire(engine.swarm(), stack,
                    lock("bob@laptop", Duration.ofSeconds(1)), Clock.systemUTC(), EventListener.IGNORE));
            assertTrue(e.getMessage().contains("alice@ci"), e.getMessage());
            assertTrue(e.getMessage().contains("(LockOptions.maxWait)"), e.getMessage());
            assertTrue(e.getMessage().contains("last heartbeat"), e.getMessage());
        }
    }

    @Test
    void waiterGetsTheLockOnceTheHolderReleasesIt() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);
        EventListener listener = event -> {
            events.add(event);
            if (event.message().startsWith("waiting for the deploy")) {
                waiting.countDown();
            }
        };
        StackLock first = StackLock.acquire(engine.swarm(), stack, lock("alice@ci", Duration.ZERO), Clock.systemUTC(),
                EventListener.IGNORE);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            try (StackLock lock = StackLock.acquire(engine.swarm(), stack, lock("bob@laptop", Duration.ofSeconds(60)),
                    Clock.systemUTC(), listener)) {
                return labels(lock).path(StackLabels.LOCK_HOLDER).asText();
            }
        });
        try {
            assertTrue(waiting.await(30, TimeUnit.SECONDS), () -> "the second deploy did not wait: " + events);
        } finally {
            first.close();
        }
        assertEquals("bob@laptop", second.get(60, TimeUnit.SECONDS));
        assertTrue(events.stream().anyMatch(e -> e.message().contains("alice@ci")), events::toString);
    }

    @Test
    void aHolderThatKeepsRunningKeepsItsLockLongAfterItsLease() {
        LockOptions shortLease = lock("alice@ci", Duration.ZERO).withLease(Duration.ofSeconds(3));
        try (StackLock held = StackLock.acquire(engine.swarm(), stack, shortLease, Clock.systemUTC(), EventListener.IGNORE)) {
            long version = engine.fetchJson("/configs/" + held.name()).path("Version").path("Index").asLong();

            // more than two leases of waiting: a lock that is refreshed is never stale
            StackLockedException e = assertThrows(StackLockedException.class, () -> StackLock.acquire(engine.swarm(), stack,
                    lock("bob@laptop", Duration.ofSeconds(7)), Clock.systemUTC(), EventListener.IGNORE));

            assertTrue(e.getMessage().contains("alice@ci"), e.getMessage());
            assertFalse(held.isLost());
            assertEquals("alice@ci", labels(held).path(StackLabels.LOCK_HOLDER).asText());
            assertTrue(engine.fetchJson("/configs/" + held.name()).path("Version").path("Index").asLong() > version,
                    "the heartbeat moves the lock's version");
        }
        assertEquals(List.of(), lockConfigs());
    }

    @Test
    void aLockWhoseHolderLostItsConnectionIsTakenOverAfterItsLeaseWithoutManualCleanUp() {
        List<Event> holderEvents = new CopyOnWriteArrayList<>();
        // the holder's own connection, dropped while it holds the lock: no heartbeat, no release gets through
        EngineConnection dropped = EngineConnection.open(EngineSettings.fromEnvironment(System.getenv()));
        StackLock dead = StackLock.acquire(dropped.swarm(), stack, lock("crashed@ci", Duration.ZERO)
                .withLease(Duration.ofSeconds(2)), Clock.systemUTC(), holderEvents::add);
        dropped.close();
        dead.close();
        assertTrue(holderEvents.stream().anyMatch(e -> e.level() == Event.Level.WARN
                        && e.message().startsWith("could not release the deploy lock " + dead.name())
                        && e.message().contains("the next deploy takes it over")),
                () -> "releasing over a dead connection is reported, not thrown: " + holderEvents);
        assertEquals(1, lockConfigs().size(), "the lock is left behind");
        List<Event> events = new CopyOnWriteArrayList<>();

        try (StackLock lock = StackLock.acquire(engine.swarm(), stack, lock("bob@laptop", Duration.ofMinutes(2)),
                Clock.systemUTC(), events::add)) {
            assertEquals("bob@laptop", labels(lock).path(StackLabels.LOCK_HOLDER).asText());
        }
        assertTrue(events.stream().anyMatch(e -> e.message().contains("crashed@ci") && e.message().contains("is stale: "
                + "no heartbeat for ") && e.message().contains("(its lease is 2s); took it over")), events::toString);
        assertEquals(List.of(), lockConfigs());
    }

    @Test
    void lockOlderThanItsTimeToLiveIsTakenOverAndItsHolderLearnsItLostIt() {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        List<Event> holderEvents = new CopyOnWriteArrayList<>();
        StackLock hung = StackLock.acquire(engine.swarm(), stack, lock("hung@ci", Duration.ZERO), anHourAgo,
                holderEvents::add); // its heartbeat goes on, but it took the lock "an hour ago"
        List<Event> events = new CopyOnWriteArrayList<>();

        try (StackLock lock = StackLock.acquire(engine.swarm(), stack, lock("bob@laptop", Duration.ZERO), Clock.systemUTC(),
                events::add)) {
            assertEquals("bob@laptop", labels(lock).path(StackLabels.LOCK_HOLDER).asText());
            SandboxSwarm.await("the first holder's heartbeat to find it lost its lock", Duration.ofSeconds(30),
                    hung::isLost, Boolean::booleanValue);
            hung.close();
            assertEquals("bob@laptop", labels(lock).path(StackLabels.LOCK_HOLDER).asText(),
                    "the first holder, closing late, left the second one's lock alone");
        } finally {
            hung.close();
        }
        assertTrue(events.stream().anyMatch(e -> e.message().contains("stale") && e.message().contains("hung@ci")
                && e.message().contains("LockOptions.ttl")), events::toString);
        assertTrue(holderEvents.stream().anyMatch(e -> e.level() == Event.Level.WARN
                && e.message().contains("was taken over by bob@laptop")), holderEvents::toString);
        assertEquals(List.of(), lockConfigs());
    }

    @Test
    void aConfigOfTheLocksNameThatNoDeployMadeIsNeitherTakenOverNorRemovedAndTheDeployChangesNothing(
            @TempDir Path dir) {
        // someone's own config that happens to carry the lock's name, seconds old: without labels it has no
        // 'since', and was taken for a lock older than the time-to-live and deleted before this was fixed
        String name = StackLock.nameFor(stack);
        String data = Base64.getEncoder().encodeToString("hand made, keep me\n".getBytes(StandardCharsets.UTF_8));
        String id = engine.sendJson(HttpMethod.POST, "/configs/create", Map.of("Name", name, "Data", data))
                .path("ID").asText();
        try {
            TestFiles.write(dir, "compose.yaml", """
                    services:
                      web:
                        image: %s
                        command: ["sleep", "3600"]
                    configs:
                      page:
                        content: hello
                    """.formatted(SandboxSwarm.baseImage()));
            List<Event> events = new CopyOnWriteArrayList<>();
            StackDeployment deployment = StackDeployment.builder(stack)
                    .source(() -> StackLoader.forFiles(List.of(dir.resolve("compose.yaml"))).stackName(stack)
                            .load().definition())
                    .engine(engine)
                    .options(DeployOptions.defaults().withLock(Duration.ofSeconds(1), Duration.ofMinutes(30), "it"))
                    .listener(events::add)
                    .build();

            LockNameTakenException refused = assertThrows(LockNameTakenException.class, deployment::deploy);

            assertEquals("cannot take the deploy lock of stack " + stack + ": a config named " + name + " (ID " + id
                    + ", created " + Instant.parse(engine.fetchJson("/configs/" + id).path("CreatedAt").asText()) + ") exists, and"
                    + " swarm-deploy did not make it (a deploy lock carries the labels com.docker.stack.namespace="
                    + stack + " and io.github.swarmdeploy.lock.holder); it was left alone and nothing was changed. If"
                    + " nobody needs that config, remove it (docker config rm " + name + "); otherwise deploy the"
                    + " stack under another name (StackSource.stackName)", refused.getMessage());
            JsonNode config = engine.fetchJson("/configs/" + id);
            assertEquals(name, config.path("Spec").path("Name").asText(), "the config is still there");
            assertEquals(data, config.path("Spec").path("Data").asText(), "with its data");
            assertEquals(List.of(), SandboxSwarm.listStackObjects(engine, stack), "nothing of the stack was created");
            assertFalse(events.stream().anyMatch(e -> e.message().contains("took it over")), events::toString);
        } finally {
            SandboxSwarm.delete(engine, "/configs/" + id);
        }
    }
}
