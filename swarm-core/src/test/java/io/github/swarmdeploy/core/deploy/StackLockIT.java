package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stack lock on the sandbox swarm: one holder at a time, waiting, giving up, stale locks. */
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

    private List<String> lockConfigs() {
        return SandboxSwarm.listStackObjects(engine, stack).stream().filter(name -> name.startsWith("configs:")).toList();
    }

    @Test
    void lockIsAConfigLabelledWithItsHolderAndGoneAfterRelease() {
        try (StackLock lock = StackLock.acquire(engine, stack, "alice@ci", Duration.ZERO, Duration.ofMinutes(30),
                Clock.systemUTC(), EventListener.IGNORE)) {
            JsonNode config = engine.fetchJson("/configs/" + lock.name());
            assertEquals(stack + "_deploy-lock", config.path("Spec").path("Name").asText());
            assertEquals("alice@ci", config.path("Spec").path("Labels").path(StackLabels.LOCK_HOLDER).asText());
            assertEquals(stack, config.path("Spec").path("Labels").path(StackLabels.NAMESPACE).asText());
            assertFalse(config.path("Spec").path("Labels").has(StackLabels.MANAGED), "prune must not see the lock as ours");
        }
        assertEquals(List.of(), lockConfigs());
    }

    @Test
    void secondHolderGivesUpAfterWaitingAndNamesTheFirst() {
        try (StackLock ignored = StackLock.acquire(engine, stack, "alice@ci", Duration.ZERO, Duration.ofMinutes(30),
                Clock.systemUTC(), EventListener.IGNORE)) {
            StackLockedException e = assertThrows(StackLockedException.class, () -> StackLock.acquire(engine, stack,
                    "bob@laptop", Duration.ofSeconds(1), Duration.ofMinutes(30), Clock.systemUTC(), EventListener.IGNORE));
            assertTrue(e.getMessage().contains("alice@ci"), e.getMessage());
            assertTrue(e.getMessage().contains("swarm.lock.wait"), e.getMessage());
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
        StackLock first = StackLock.acquire(engine, stack, "alice@ci", Duration.ZERO, Duration.ofMinutes(30),
                Clock.systemUTC(), EventListener.IGNORE);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            try (StackLock lock = StackLock.acquire(engine, stack, "bob@laptop", Duration.ofSeconds(60),
                    Duration.ofMinutes(30), Clock.systemUTC(), listener)) {
                return engine.fetchJson("/configs/" + lock.name()).path("Spec").path("Labels")
                        .path(StackLabels.LOCK_HOLDER).asText();
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
    void lockOlderThanItsTimeToLiveIsTakenOver() {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        StackLock.acquire(engine, stack, "crashed@ci", Duration.ZERO, Duration.ofMinutes(30), anHourAgo,
                EventListener.IGNORE); // never released: the deploy "died"
        List<Event> events = new CopyOnWriteArrayList<>();

        try (StackLock lock = StackLock.acquire(engine, stack, "bob@laptop", Duration.ZERO, Duration.ofMinutes(30),
                Clock.systemUTC(), events::add)) {
            assertEquals("bob@laptop", engine.fetchJson("/configs/" + lock.name()).path("Spec").path("Labels")
                    .path(StackLabels.LOCK_HOLDER).asText());
        }
        assertTrue(events.stream().anyMatch(e -> e.message().contains("stale") && e.message().contains("crashed@ci")),
                events::toString);
    }
}
