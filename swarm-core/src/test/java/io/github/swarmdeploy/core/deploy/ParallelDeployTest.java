package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.FakeSwarm;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.lock.StackLock;
import io.github.swarmdeploy.core.lock.StackLockedException;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.Sleeper;
import io.github.swarmdeploy.core.rollout.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploys that watch their rollout, against the in-memory {@link FakeSwarm} whose tasks move on one state
 * (pending, starting: the container runs, running: healthy) each time the watcher waits, on a fake clock: the
 * order {@code depends_on} asks for in each mode, parallel writes under the lock, what one failure among many
 * parallel writes does to the rest, and when a deploy that changes nothing needs no lock.
 */
class ParallelDeployTest {

    private static final String STACK = "shop";
    /** db <- api <- web, and a worker that depends on nothing. */
    private static final String CHAIN = """
            services:
              db:
                image: registry.example/db:1
              api:
                image: registry.example/api:1
                depends_on: [db]
              web:
                image: registry.example/web:1
                depends_on: [api]
              worker:
                image: registry.example/worker:1
            """;

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();
    private final FakeSwarm swarm = new FakeSwarm().clock(time::instant).schedulesTasks();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    /** Moves the fake clock and every task of the swarm one state on, as the watcher waits. */
    private final class FakeTime extends Clock implements Sleeper {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public void sleep(Duration duration) {
            now = now.plus(duration);
            swarm.advanceTasks();
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private Function<SecretVersionKey, DesiredStack> desired(String yaml) throws IOException {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, yaml);
        StackDefinition definition = StackLoader.forFiles(List.of(file)).stackName(STACK).load().definition();
        return key -> new StackConverter(new ContentVersionNamer(definition, EventListener.IGNORE, key))
                .convert(STACK, definition);
    }

    private static DeployOptions options(DependsOn mode) {
        return DeployOptions.defaults().withImages(ImagePolicy.NEVER, false)
                .withLock(Duration.ZERO, Duration.ofMinutes(30), "test").withDependsOn(mode);
    }

    private DeployResult deploy(String yaml, DeployOptions options) throws IOException {
        return new StackDeployer(swarm, options, events::add, Clock.systemUTC(),
                watcher -> watcher.withClock(time, time).withPollInterval(Duration.ofSeconds(1)))
                .deploy(STACK, desired(yaml), path -> Optional.empty());
    }

    /** The states of db's current tasks at the moment api was sent, per service written. */
    private Map<String, List<String>> dbStatesWhenWritten() {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        swarm.beforeServiceWrite(name -> seen.put(name, swarm.serviceNames().contains("shop_db")
                ? swarm.taskStates("shop_db") : List.of("not created")));
        return seen;
    }

    private static Map<String, String> outcomes(DeployResult result) {
        return result.services().stream().collect(Collectors.toMap(DeployResult.ServiceResult::name,
                DeployResult.ServiceResult::outcome, (a, b) -> a, TreeMap::new));
    }

    @Test
    void startedModeCreatesADependentOnceItsDependencysTasksStartedBeforeTheyAreHealthy() throws IOException {
        Map<String, List<String>> dbStates = dbStatesWhenWritten();

        DeployResult result = deploy(CHAIN, options(DependsOn.STARTED));

        assertTrue(result.isSuccess(), () -> String.valueOf(result.failure()));
        assertEquals(List.of("starting"), dbStates.get("shop_api"),
                "api goes once db's container runs, without waiting for its healthcheck");
        assertTrue(List.of(List.of("not created"), List.of("pending")).contains(dbStates.get("shop_worker")),
                () -> "the worker waits for nothing: " + dbStates);
        assertTrue(events.stream().anyMatch(e -> e.message().equals("depends_on: shop_db is started; next: shop_api")),
                events::toString);
        assertTrue(events.stream().anyMatch(e -> e.message().equals("depends_on: shop_api is started; next: shop_web")),
                events::toString);
    }

    @Test
    void healthyModeCreatesADependentOnlyOnceItsDependencyRunsHealthy() throws IOException {
        Map<String, List<String>> dbStates = dbStatesWhenWritten();

        DeployResult result = deploy(CHAIN, options(DependsOn.HEALTHY));

        assertTrue(result.isSuccess(), () -> String.valueOf(result.failure()));
        assertEquals(List.of("running"), dbStates.get("shop_api"));
        assertTrue(events.stream().anyMatch(e -> e.message().equals("depends_on: shop_db is up; next: shop_api")),
                events::toString);
    }

    @Test
    void ignoreModeCreatesEveryServiceAtOnceAsDockerDoes() throws IOException {
        List<String> written = new CopyOnWriteArrayList<>();
        swarm.beforeServiceWrite(name -> written.add(name + " with db " + (swarm.serviceNames().contains("shop_db")
                ? swarm.taskStates("shop_db") : "not created")));

        DeployResult result = deploy(CHAIN, options(DependsOn.IGNORE));

        assertTrue(result.isSuccess(), () -> String.valueOf(result.failure()));
        assertEquals(4, written.size(), written::toString);
        assertTrue(written.stream().noneMatch(line -> line.contains("starting") || line.contains("running")),
                () -> "every service was sent before any task started: " + written);
        assertTrue(events.stream().noneMatch(e -> e.message().startsWith("depends_on: ")), events::toString);
    }

    @Test
    void aDependentWaitsOnlyForWhatItDependsOnNotForALevel() throws IOException {
        // slow (started only after many looks) holds back its dependent, not the dependent of the fast service
        String yaml = """
                services:
                  slow:
                    image: registry.example/slow:1
                  fast:
                    image: registry.example/fast:1
                  after-slow:
                    image: registry.example/a:1
                    depends_on: [slow]
                  after-fast:
                    image: registry.example/b:1
                    depends_on: [fast]
                """;
        AtomicInteger looks = new AtomicInteger();
        Sleeper slowStarts = duration -> {
            time.now = time.now.plus(duration);
            swarm.advanceTasks("shop_fast", "shop_after-slow", "shop_after-fast");
            if (looks.incrementAndGet() >= 6) {
                swarm.advanceTasks("shop_slow");
            }
        };
        Map<String, List<String>> slowStates = new ConcurrentHashMap<>();
        swarm.beforeServiceWrite(name -> slowStates.put(name, swarm.serviceNames().contains("shop_slow")
                ? swarm.taskStates("shop_slow") : List.of()));

        DeployResult result = new StackDeployer(swarm, options(DependsOn.STARTED), events::add, Clock.systemUTC(),
                watcher -> watcher.withClock(time, slowStarts).withPollInterval(Duration.ofSeconds(1)))
                .deploy(STACK, desired(yaml), path -> Optional.empty());

        assertTrue(result.isSuccess(), () -> String.valueOf(result.failure()));
        assertEquals(List.of("pending"), slowStates.get("shop_after-fast"),
                "after-fast went while slow had not started yet");
        assertEquals(List.of("starting"), slowStates.get("shop_after-slow"));
    }

    @Test
    void everyWriteHappensWhileTheLockIsHeldAndServicesGoInParallel() throws IOException {
        String yaml = IntStream.rangeClosed(1, 8).mapToObj(i -> "  s" + i + ":\n    image: registry.example/s:" + i + "\n")
                .collect(Collectors.joining("", "services:\n", ""));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        swarm.beforeServiceWrite(name -> {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            // hold each write until three are under way (or a while passed): unbounded, all eight would overlap
            long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (inFlight.get() < 3 && System.nanoTime() < until) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            inFlight.decrementAndGet();
        });

        DeployResult result = deploy(yaml, options(DependsOn.STARTED).withParallelism(3));

        assertTrue(result.isSuccess(), () -> String.valueOf(result.failure()));
        assertTrue(mostAtOnce.get() >= 2 && mostAtOnce.get() <= 3, "at most parallelism writes at once, and more"
                + " than one: " + mostAtOnce.get());
        List<String> writes = swarm.writes();
        assertEquals("createConfig " + StackLock.nameFor(STACK), writes.get(0), writes::toString);
        assertEquals("removeConfig " + StackLock.nameFor(STACK), writes.get(writes.size() - 1), writes::toString);
        assertEquals(8, writes.stream().filter(write -> write.startsWith("createService ")).count(), writes::toString);
    }

    @Test
    void aLostLockStopsEveryWriteNotYetStarted() throws IOException {
        String yaml = IntStream.rangeClosed(1, 6).mapToObj(i -> "  s" + i + ":\n    image: registry.example/s:" + i + "\n")
                .collect(Collectors.joining("", "services:\n", ""));
        List<String> written = new CopyOnWriteArrayList<>();
        swarm.beforeServiceWrite(name -> {
            written.add(name);
            if (written.size() == 2) {
                // someone removes the lock; this write goes on, and the heartbeat notices before it is done
                String lock = StackLock.nameFor(STACK);
                swarm.removeConfig(swarm.fetchConfig(lock).orElseThrow().id());
                awaitEvent("the deploy lock " + lock + " was removed by someone else");
            }
        });

        DeployResult result = deploy(yaml, options(DependsOn.STARTED).withParallelism(1)
                .withLock(LockOptionsFor.lease(Duration.ofSeconds(1))));

        assertFalse(result.isSuccess());
        assertTrue(result.failure().orElseThrow().getMessage().startsWith("lost the stack's deploy lock while deploying"),
                result.failure().orElseThrow().getMessage());
        assertEquals(2, written.size(), () -> "nothing written after the lock was lost: " + written);
        Map<String, String> outcomes = outcomes(result);
        assertEquals(2, outcomes.values().stream().filter("created"::equals).count(), outcomes::toString);
        assertEquals(4, outcomes.values().stream().filter(o -> o.startsWith("not deployed: lost the stack's deploy lock"))
                .count(), outcomes::toString);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void oneRefusedUpdateAmongManyStopsTheRestAndEveryServiceIsReported(int parallelism) throws IOException {
        String v1 = IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("  s%02d:%n    image: registry.example/s:1%n", i))
                .collect(Collectors.joining("", "services:\n", ""));
        assertTrue(deploy(v1, options(DependsOn.STARTED)).isSuccess());
        List<String> updates = new CopyOnWriteArrayList<>();
        AtomicReference<String> refusedUpdate = new AtomicReference<>();
        swarm.beforeServiceWrite(name -> {
            // the writes run on several threads: the fourth is the one whose own add made the list four long
            int position;
            synchronized (updates) {
                updates.add(name);
                position = updates.size();
            }
            if (position == 4) {
                refusedUpdate.set(name);
                throw new EngineException(400, "POST /services/" + name + "/update failed on the fake swarm: 400"
                        + " invalid mount config");
            }
        });

        DeployResult result = deploy(v1.replace("registry.example/s:1", "registry.example/s:2"),
                options(DependsOn.STARTED).withParallelism(parallelism));

        assertFalse(result.isSuccess());
        String refused = refusedUpdate.get();
        assertTrue(result.failure().orElseThrow().getMessage().startsWith("cannot update service " + refused + ": "),
                result.failure().orElseThrow().getMessage());
        if (parallelism == 1) {
            assertEquals(4, updates.size(), () -> "no update starts after the refusal: " + updates);
        }
        // with writes under way beside the refused one, how many of them ran before it was seen is the threads'
        // affair; what holds is that each service is reported as what happened to it
        Map<String, String> outcomes = outcomes(result);
        assertEquals(12, outcomes.size(), "every service is reported: " + outcomes);
        assertTrue(outcomes.get(refused).startsWith("refused: cannot update service " + refused), outcomes::toString);
        List<String> updated = new ArrayList<>(updates);
        updated.remove(refused);
        for (String name : outcomes.keySet()) {
            String expected = updated.contains(name) ? "updated" : name.equals(refused) ? outcomes.get(name)
                    : "not deployed: cannot update service " + refused + ": ";
            assertTrue(outcomes.get(name).startsWith(expected), () -> name + ": " + outcomes);
        }
        // the services that were updated are still watched to their verdict: each is reported with it
        result.services().stream().filter(service -> updated.contains(service.name()))
                .forEach(service -> assertTrue(service.rollout().isPresent(), service::toString));
    }

    @Test
    void aFailedRolloutOfADependencyLeavesItsDependentsUntouched() throws IOException {
        // db's tasks never start: each fails at once, again and again
        Sleeper dbFails = duration -> {
            time.now = time.now.plus(duration);
            swarm.advanceTasks("shop_api", "shop_web", "shop_worker");
            if (swarm.serviceNames().contains("shop_db")) {
                swarm.addTask("shop_db", "failed", "exec: \"db\": executable file not found");
            }
        };

        DeployResult result = new StackDeployer(swarm, options(DependsOn.STARTED), events::add, Clock.systemUTC(),
                watcher -> watcher.withClock(time, dbFails).withPollInterval(Duration.ofSeconds(1)))
                .deploy(STACK, desired(CHAIN), path -> Optional.empty());

        assertFalse(result.isSuccess());
        assertFalse(swarm.serviceNames().contains("shop_api"), "api depends on db: never created");
        assertFalse(swarm.serviceNames().contains("shop_web"));
        Map<String, String> outcomes = outcomes(result);
        assertTrue(outcomes.get("shop_api").startsWith("not deployed: "), outcomes::toString);
        assertTrue(outcomes.get("shop_web").startsWith("not deployed: "), outcomes::toString);
        assertEquals("created", outcomes.get("shop_db"));
        assertTrue(result.failure().orElseThrow().getMessage().contains("shop_db: failed"),
                result.failure().orElseThrow().getMessage());
    }

    @Test
    void aNoOpOfAHealthyStackWritesNothingNotEvenTheLock() throws IOException {
        assertTrue(deploy(CHAIN, options(DependsOn.STARTED)).isSuccess());
        int before = swarm.writes().size();
        int callsBefore = swarm.calls().size();

        DeployResult again = deploy(CHAIN, options(DependsOn.STARTED));

        assertTrue(again.isSuccess(), () -> String.valueOf(again.failure()));
        assertEquals(List.of(), swarm.writes().subList(before, swarm.writes().size()), "no write, no lock");
        Map<String, Long> reads = swarm.calls().subList(callsBefore, swarm.calls().size()).stream()
                .collect(Collectors.groupingBy(FakeSwarm.Call::method, Collectors.counting()));
        assertEquals(1L, reads.get("fetchServices"), () -> "the services are read once, the health look too: " + reads);
        assertEquals(1L, reads.get("fetchNodes"), () -> "the nodes are read once: " + reads);
        assertEquals(1L, reads.get("fetchTasks"), () -> "the look reads the tasks: " + reads);
        assertEquals(Map.of("shop_api", "unchanged", "shop_db", "unchanged", "shop_web", "unchanged", "shop_worker",
                "unchanged"), outcomes(again));
        assertTrue(again.services().stream().allMatch(service -> service.rollout().map(ServiceOutcome::verdict)
                .equals(Optional.of(Verdict.HEALTHY)) && service.versionAfter().equals(Optional.of(service.versionBefore()))),
                () -> "each service's look is its verdict, its version as read: " + again.services());
    }

    @Test
    void aFirstDeployGoesStraightToTheLockWithoutPlanningTwice() throws IOException {
        assertTrue(deploy(CHAIN, options(DependsOn.STARTED)).isSuccess());

        List<String> calls = swarm.calls().stream().map(FakeSwarm.Call::toString).toList();
        int locked = calls.indexOf("createConfig " + StackLock.nameFor(STACK));
        assertTrue(locked >= 0, calls::toString);
        assertEquals(List.of(), calls.subList(0, locked).stream().filter(call -> call.startsWith("fetchServices"))
                .toList(), "no stack read before the lock: " + calls);
    }

    @Test
    void aNoOpWaitsForTheLockWhileAnotherDeployHoldsIt() throws IOException {
        assertTrue(deploy(CHAIN, options(DependsOn.STARTED)).isSuccess());
        int before = swarm.writes().size();
        try (StackLock other = StackLock.acquire(swarm, STACK, LockOptionsFor.lease(Duration.ofMinutes(1))
                .withHolder("pipeline 7"), Clock.systemUTC(), EventListener.IGNORE)) {

            StackLockedException locked = assertThrows(StackLockedException.class,
                    () -> deploy(CHAIN, options(DependsOn.STARTED)));

            assertTrue(locked.getMessage().contains("pipeline 7"), locked::getMessage);
            List<String> writes = swarm.writes().subList(before, swarm.writes().size());
            assertEquals(List.of("createConfig " + other.name(), "createConfig " + other.name()), writes,
                    "the other deploy's lock, then this one's attempt to take it (refused: the name exists)");
        }
    }

    @Test
    void aNoOpThatFindsAServiceNotHealthyWatchesItUnderTheLock() throws IOException {
        assertTrue(deploy(CHAIN, options(DependsOn.STARTED).withWait(false, Duration.ofMinutes(1))).isSuccess());
        int before = swarm.writes().size();

        DeployResult again = deploy(CHAIN, options(DependsOn.STARTED));

        assertTrue(again.isSuccess(), () -> String.valueOf(again.failure()));
        assertEquals(List.of("createConfig " + StackLock.nameFor(STACK), "removeConfig " + StackLock.nameFor(STACK)),
                swarm.writes().subList(before, swarm.writes().size()), "the lock, held while the watch ran");
        assertTrue(events.stream().anyMatch(e -> e.message().contains("4 unchanged services are not healthy")),
                events::toString);
    }

    /** Polls the events (the lock's heartbeat runs on its own thread) until one starts with {@code text}. */
    private void awaitEvent(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.stream().noneMatch(event -> event.message().startsWith(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no event '" + text + "' within 20s; events: " + events);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** Lock options of a test: no wait, a short lease so that the heartbeat runs often. */
    private static final class LockOptionsFor {
        static io.github.swarmdeploy.core.lock.LockOptions lease(Duration lease) {
            return io.github.swarmdeploy.core.lock.LockOptions.defaults("test").withWait(Duration.ZERO).withLease(lease);
        }
    }
}
