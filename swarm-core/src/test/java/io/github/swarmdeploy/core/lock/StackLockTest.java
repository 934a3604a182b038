package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.engine.FakeSwarm;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.naming.StackLabels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock's adapter against the in-memory {@link FakeSwarm}: which calls it makes for what {@link LeaseDecider}
 * decided (the lease protocol itself is LeaseDeciderTest's; the real swarm's answers are StackLockIT's).
 */
class StackLockTest {

    private static final String STACK = "shop";
    private static final String NAME = StackLock.nameFor(STACK);

    private final FakeSwarm swarm = new FakeSwarm();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private static LockOptions options(String holder) {
        return LockOptions.defaults(holder).withWait(Duration.ZERO);
    }

    @Test
    void aLockIsAConfigWithItsHolderAndLeaseAndGoesOnRelease() {
        try (StackLock lock = StackLock.acquire(swarm, STACK, options("alice@ci"), Clock.systemUTC(), events::add)) {
            SwarmDataObject config = swarm.fetchConfig(NAME).orElseThrow();
            assertEquals("alice@ci", config.labels().get(StackLabels.LOCK_HOLDER));
            assertEquals("PT30S", config.labels().get(StackLabels.LOCK_LEASE));
            assertEquals(STACK, config.labels().get(StackLabels.NAMESPACE));
            assertFalse(lock.isLost());
        }
        assertEquals(List.of("createConfig " + NAME, "removeConfig " + NAME), swarm.writes());
    }

    @Test
    void aStaleLockIsMarkedTakenOverAtTheVersionSeenThenRemovedAndOursCreated() {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        Map<String, String> labels = LeaseDecider.labelsOfNewLock(STACK, options("hung@ci"), anHourAgo);
        swarm.createConfig(CreateRequests.config(NAME, labels, "held".getBytes(StandardCharsets.UTF_8)));

        try (StackLock ignored = StackLock.acquire(swarm, STACK, options("bob@laptop"), Clock.systemUTC(), events::add)) {
            assertEquals("bob@laptop", swarm.fetchConfig(NAME).orElseThrow().labels().get(StackLabels.LOCK_HOLDER));
        }

        assertEquals(List.of("createConfig " + NAME, "createConfig " + NAME, "updateConfig " + NAME,
                "removeConfig " + NAME, "createConfig " + NAME, "removeConfig " + NAME), swarm.writes());
        assertEquals("bob@laptop", swarm.sent("updateConfig", NAME).path("Labels").path(StackLabels.LOCK_TAKEN_OVER_BY)
                .asText(), "the compare-and-swap names who takes it over");
        assertTrue(events.stream().anyMatch(e -> e.level() == Event.Level.WARN && e.message().contains("held by hung@ci")
                && e.message().contains("older than LockOptions.ttl") && e.message().endsWith("took it over")),
                events::toString);
    }

    @Test
    void aConfigNoDeployMadeIsLeftAloneAndTheDeployStops() {
        byte[] data = "someone's own".getBytes(StandardCharsets.UTF_8);
        swarm.createConfig(CreateRequests.config(NAME, Map.of(), data));

        LockNameTakenException refused = assertThrows(LockNameTakenException.class,
                () -> StackLock.acquire(swarm, STACK, options("bob@laptop"), Clock.systemUTC(), events::add));

        assertTrue(refused.getMessage().contains("docker config rm " + NAME), refused::getMessage);
        assertEquals(List.of("createConfig " + NAME, "createConfig " + NAME), swarm.writes(),
                "our attempt to create it, refused; nothing updated nor removed");
        assertArrayEquals(data, swarm.fetchConfig(NAME).orElseThrow().data());
    }
}
