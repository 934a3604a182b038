package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineJson;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;
import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.github.swarmdeploy.core.rollout.SwarmJson.T0;
import static io.github.swarmdeploy.core.rollout.SwarmJson.node;
import static io.github.swarmdeploy.core.rollout.SwarmJson.replicated;
import static io.github.swarmdeploy.core.rollout.SwarmJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The polling loop, on a scripted swarm and a fake clock that only moves when the watcher sleeps. */
class RolloutWatcherTest {

    private final FakeTime time = new FakeTime();
    private final List<Event> events = new ArrayList<>();
    private final ScriptedSwarm swarm = new ScriptedSwarm();

    private RolloutWatcher watcher() {
        return new RolloutWatcher(swarm, "the test engine", events::add, time, time, Duration.ofMillis(500), 3);
    }

    @Test
    void reportsEachStateChangeOnceAndTheVerdict() {
        // seconds 0-2: one of two new tasks runs; then both; Swarm's monitor window is 1s
        swarm.service("svc1", now -> replicated(2).monitor(Duration.ofSeconds(1)).updatedAt(T0).json());
        swarm.currentTasks("svc1", now -> now.isBefore(T0.plusSeconds(2))
                ? List.of(task("a").slot(1).json(), task("b").slot(2).state("starting").json())
                : List.of(task("a").slot(1).json(), task("b").slot(2).json()));

        RolloutReport report = watcher().watch(List.of(WatchedService.created("svc1", "web")), Duration.ofMinutes(1));

        assertEquals(List.of(
                "web: starting: 1/2 running",
                "web: 2/2 running, checking they stay up for 1.0s",
                "web: converged (2/2 running) after 3.0s"), messages());
        assertTrue(report.isSuccess());
        assertEquals(Verdict.CONVERGED, report.outcomes().get(0).verdict());
        assertEquals(Duration.ofSeconds(3), report.duration());
        assertTrue(time.sleeps.stream().allMatch(sleep -> sleep.equals(Duration.ofMillis(500))), time.sleeps::toString);
    }

    /** The deploy's exit waits for the last window: the look that ends it comes when it ends, not a poll later. */
    @Test
    void theLookThatEndsAMonitorWindowComesWhenTheWindowEnds() {
        swarm.service("svc1", now -> replicated(1).monitor(Duration.ofMillis(1500)).updatedAt(T0).json());
        swarm.currentTasks("svc1", now -> List.of(task("a").json()));

        RolloutReport report = watcher().withPollInterval(Duration.ofSeconds(1))
                .watch(List.of(WatchedService.created("svc1", "web")), Duration.ofMinutes(1));

        assertEquals(Verdict.CONVERGED, report.outcomes().get(0).verdict());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMillis(500)), time.sleeps);
        assertEquals(Duration.ofMillis(1500), report.duration());
    }

    @Test
    void aServiceThatDoesNotConvergeInTimeTimesOutAndTheOthersKeepTheirVerdicts() {
        swarm.service("slow", now -> replicated(1).updatedAt(T0).json());
        swarm.currentTasks("slow", now -> List.of(task("a").state("starting").json()));
        swarm.service("fast", now -> replicated(1).restart("none").updatedAt(T0).json());
        swarm.currentTasks("fast", now -> List.of(task("b").state("complete").desired("shutdown").json()));

        RolloutReport report = watcher().watch(List.of(WatchedService.updated("slow", "api"),
                WatchedService.created("fast", "migrate")), Duration.ofMillis(2300));

        assertFalse(report.isSuccess());
        assertEquals(List.of(Verdict.TIMED_OUT, Verdict.CONVERGED),
                report.outcomes().stream().map(ServiceOutcome::verdict).toList());
        assertEquals("api: timed out after 2.3s: updating: 0/1 running", report.outcomes().get(0).summary());
        assertEquals(Duration.ofMillis(300), time.sleeps.get(time.sleeps.size() - 1), "the last wait ends at the deadline");
        RolloutFailedException failure = assertThrows(RolloutFailedException.class, report::throwIfFailed);
        assertEquals("the rollout failed for 1 service:\n  api: timed out after 2.3s: updating: 0/1 running",
                failure.getMessage());
        assertEquals(1, messages().stream().filter(line -> line.startsWith("api: updating")).count(),
                "the unchanged state is reported once, not on every poll: " + messages());
    }

    @Test
    void aTimeoutAlreadyUsedUpStillLooksOnce() {
        swarm.service("done", now -> replicated(1).restart("none").updatedAt(T0).json());
        swarm.currentTasks("done", now -> List.of(task("a").state("complete").desired("shutdown").json()));
        swarm.service("busy", now -> replicated(1).updatedAt(T0).json());
        swarm.currentTasks("busy", now -> List.of(task("b").state("preparing").json()));

        RolloutReport report = watcher().watch(List.of(WatchedService.created("done", "migrate"),
                WatchedService.updated("busy", "api")), Duration.ZERO);

        assertEquals(List.of(Verdict.CONVERGED, Verdict.TIMED_OUT),
                report.outcomes().stream().map(ServiceOutcome::verdict).toList());
        assertEquals(List.of(), time.sleeps);
    }

    @Test
    void aHealthyUnchangedServiceIsLookedAtOnceAndNeverWaitedFor() {
        swarm.service("db", now -> replicated(1).json());
        swarm.currentTasks("db", now -> List.of(task("a").json()));

        RolloutReport report = watcher().watch(List.of(WatchedService.unchanged("db", "db")), Duration.ofMinutes(1));

        assertEquals(Verdict.HEALTHY, report.outcomes().get(0).verdict());
        assertEquals(List.of(), time.sleeps);
        assertEquals(1, swarm.serviceReads);
        assertEquals(List.of("db: unchanged, healthy (1/1 running)"), messages());
    }

    /** A rerun of a failed deploy must not pass: the service it leaves alone still fails, and fails the rollout. */
    @Test
    void anUnchangedServiceFoundNotHealthyIsWatchedLikeAnUpdateAndItsFailureFailsTheRollout() {
        // a task crashes every second, before the deploy and on, as a service whose image is broken does
        swarm.service("db", now -> replicated(1).updatedAt(T0.minusSeconds(60)).json());
        swarm.currentTasks("db", now -> {
            List<JsonNode> tasks = new ArrayList<>();
            for (int second = -10; !T0.plusSeconds(second).isAfter(now); second++) {
                tasks.add(task("t" + second).createdAt(T0.plusSeconds(second)).failed("No such image: app:nope").json());
            }
            return tasks;
        });

        RolloutReport report = watcher().watch(List.of(WatchedService.unchanged("db", "db")), Duration.ofMinutes(1));

        assertFalse(report.isSuccess(), report::failureMessage);
        assertEquals("the rollout failed for 1 service:\n  db: unchanged, failed: 3 tasks of the current version failed"
                + " one after another (0/1 running); last task error: No such image: app:nope", report.failureMessage());
        assertEquals("db: unchanged, not healthy: 0/1 running; last task error: No such image: app:nope",
                messages().get(0));
    }

    @Test
    void anUnchangedServiceFoundStartingIsWatchedUntilItConverges() {
        swarm.service("db", now -> replicated(1).monitor(Duration.ofSeconds(1)).json());
        swarm.currentTasks("db", now -> List.of(now.isBefore(T0.plusSeconds(2))
                ? task("a").state("starting").json() : task("a").json()));

        RolloutReport report = watcher().watch(List.of(WatchedService.unchanged("db", "db")), Duration.ofMinutes(1));

        assertTrue(report.isSuccess(), report::failureMessage);
        assertEquals(List.of(
                "db: unchanged, not healthy: 0/1 running",
                "db: 1/1 running, checking they stay up for 1.0s",
                "db: unchanged, converged (1/1 running) after 3.0s"), messages());
    }

    @Test
    void aLookBeforeTheDeployChangesAnythingSaysWhichServicesAreNotHealthyAndItsHealthyVerdictsStand() {
        swarm.service("db", now -> replicated(1).json());
        swarm.currentTasks("db", now -> List.of(task("a").json()));
        swarm.service("api", now -> replicated(2).json());
        swarm.currentTasks("api", now -> List.of(task("b").slot(1).json(), task("c").slot(2).failed("oom").json()));

        List<ServiceOutcome> looks = watcher().checkHealth(List.of(WatchedService.unchanged("db", "db"),
                WatchedService.unchanged("api", "api")));

        assertEquals(List.of(Verdict.HEALTHY, Verdict.DEGRADED), looks.stream().map(ServiceOutcome::verdict).toList());
        assertEquals(List.of(), events, "a look sends no events");
        RolloutReport report = watcher().start(Duration.ofMinutes(1)).addHealthy(List.of(looks.get(0))).finish();
        assertEquals(List.of(looks.get(0)), report.outcomes());
        assertEquals(1, swarm.serviceReads, "one read for both services; the look stands: no second read");
        assertEquals(List.of("db: unchanged, healthy (1/1 running)"), messages());
    }

    @Test
    void aRolloutInStagesLetsDependentsStartOnceADependencyRunsAndWatchesAllWindowsTogether() {
        // db: its task starts (health check) for 2s, then runs; app's task runs as soon as it exists
        swarm.service("db", now -> replicated(1).monitor(Duration.ofSeconds(5)).json());
        swarm.currentTasks("db", now -> List.of(now.isBefore(T0.plusSeconds(2))
                ? task("d").state("starting").json() : task("d").json()));
        swarm.service("app", now -> replicated(1).monitor(Duration.ofSeconds(5)).json());
        swarm.currentTasks("app", now -> List.of(task("a").json()));
        WatchedService db = WatchedService.created("db", "db");
        WatchedService app = WatchedService.created("app", "app");

        Rollout rollout = watcher().start(Duration.ofMinutes(1)).add(List.of(db));
        assertTrue(rollout.awaitUp(List.of(db)));

        assertEquals(List.of("db: starting: 0/1 running", "db: 1/1 running, checking they stay up for 5.0s"),
                messages(), "db's dependents go ahead without waiting for its monitor window");
        RolloutReport report = rollout.add(List.of(app)).finish();

        assertTrue(report.isSuccess(), report::failureMessage);
        assertEquals(List.of("db", "app"), report.outcomes().stream().map(ServiceOutcome::name).toList());
        assertEquals(List.of(
                "db: starting: 0/1 running",
                "db: 1/1 running, checking they stay up for 5.0s",
                "app: 1/1 running, checking they stay up for 5.0s",
                "db: converged (1/1 running) after 7.0s",
                "app: converged (1/1 running) after 5.0s"), messages(),
                "db's window ran on while app started: it converged first");
    }

    @Test
    void aRolloutInStagesStopsWaitingForADependencyThatFails() {
        swarm.service("db", now -> replicated(1).json());
        swarm.currentTasks("db", now -> List.of(task("x").failed("task: non-zero exit (1)").json(),
                task("y").failed("task: non-zero exit (1)").json(), task("z").failed("task: non-zero exit (1)").json(),
                task("w").state("ready").json()));
        WatchedService db = WatchedService.created("db", "db");

        Rollout rollout = watcher().start(Duration.ofMinutes(1)).add(List.of(db));

        assertFalse(rollout.awaitUp(List.of(db)));
        RolloutReport report = rollout.finish();
        assertEquals(Verdict.FAILED, report.outcomes().get(0).verdict());
        assertEquals(List.of(), time.sleeps, "the failure was the first look's verdict: no wait for the timeout");
    }

    @Test
    void aRolloutInStagesStopsWaitingWhenTimeRunsOut() {
        swarm.service("db", now -> replicated(1).json());
        swarm.currentTasks("db", now -> List.of(task("d").state("starting").json()));
        WatchedService db = WatchedService.created("db", "db");

        Rollout rollout = watcher().start(Duration.ofSeconds(2)).add(List.of(db));

        assertFalse(rollout.awaitUp(List.of(db)));
        assertEquals(Verdict.TIMED_OUT, rollout.finish().outcomes().get(0).verdict());
    }

    @Test
    void aServiceAddedAgainToARolloutIsAnError() {
        Rollout rollout = watcher().start(Duration.ofMinutes(1)).add(List.of(WatchedService.created("svc1", "a")));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rollout.add(List.of(WatchedService.updated("svc1", "b"))));
        assertEquals("service b (svc1) is given twice", error.getMessage());
    }

    @Test
    void theSameServiceGivenTwiceIsAnError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> watcher().watch(
                List.of(WatchedService.created("svc1", "a"), WatchedService.updated("svc1", "b")), Duration.ofMinutes(1)));
        assertEquals("service b (svc1) is given twice", error.getMessage());
    }

    @Test
    void anInterruptStopsWatchingWithAClearErrorAndKeepsTheInterruptFlag() {
        swarm.service("svc1", now -> replicated(1).json());
        swarm.currentTasks("svc1", now -> List.of());
        RolloutWatcher watcher = new RolloutWatcher(swarm, "the test engine", events::add, time, duration -> {
            throw new InterruptedException();
        }, Duration.ofMillis(500), 3);

        SwarmDeployException error = assertThrows(SwarmDeployException.class,
                () -> watcher.watch(List.of(WatchedService.created("svc1", "web")), Duration.ofMinutes(1)));

        assertTrue(Thread.interrupted());
        assertTrue(error.getMessage().startsWith("interrupted while watching the rollout"), error.getMessage());
    }

    @Test
    void readsEveryTaskOnlyWhenTheDecisionNeedsThem() {
        swarm.service("svc1", now -> replicated(0).json());
        swarm.currentTasks("svc1", now -> List.of());
        swarm.allTasks("svc1", now -> now.isBefore(T0.plusSeconds(1))
                ? List.of(task("old").desired("shutdown").json())
                : List.of(task("old").state("shutdown").desired("shutdown").json()));

        RolloutReport report = watcher().watch(List.of(WatchedService.updated("svc1", "web")), Duration.ofMinutes(1));

        assertEquals("web: converged (0/0 running) after 1.0s", report.outcomes().get(0).summary());
    }

    @Test
    void anEngineThatStopsAnsweringForAWhileIsWaitedForWithOneWarning() {
        swarm.service("svc1", now -> replicated(1).restart("none").updatedAt(T0).json());
        swarm.currentTasks("svc1", now -> List.of(task("a").state("complete").desired("shutdown").json()));
        swarm.unreachableUntil = T0.plusSeconds(10);

        RolloutReport report = watcher().watch(List.of(WatchedService.created("svc1", "web")), Duration.ofMinutes(1));

        assertEquals(Verdict.CONVERGED, report.outcomes().get(0).verdict());
        assertEquals(List.of("cannot reach the Docker engine at the test engine: Connection refused; retrying for up to 30.0s",
                "the engine at the test engine answers again",
                "web: converged (1/1 done (0 running, 1 completed)) after 10.0s"), messages());
    }

    @Test
    void anEngineThatStaysUnreachableEndsTheWatchWithItsError() {
        swarm.service("svc1", now -> replicated(1).json());
        swarm.unreachableUntil = T0.plusSeconds(3600);

        EngineException error = assertThrows(EngineException.class, () -> watcher().watch(
                List.of(WatchedService.created("svc1", "web")), Duration.ofMinutes(10)));

        assertEquals("cannot reach the Docker engine at the test engine: Connection refused", error.getMessage());
        assertEquals(T0.plusSeconds(30), time.now);
    }

    @Test
    void anEngineErrorThatIsNotAnOutageIsNotRetried() {
        swarm.service("svc1", now -> {
            throw new EngineException(403, "GET /services/svc1 failed: 403 permission denied");
        });

        assertThrows(EngineException.class, () -> watcher().watch(List.of(WatchedService.created("svc1", "web")),
                Duration.ofMinutes(1)));
        assertEquals(List.of(), time.sleeps);
    }

    @Test
    void aNodeThatGoesDownWhileWatchingIsToldOnceAsAWarningAndItsReturnAsNews() {
        swarm.service("svc1", now -> replicated(2).monitor(Duration.ofSeconds(1)).updatedAt(T0).json());
        swarm.currentTasks("svc1", now -> now.isBefore(T0.plusSeconds(3))
                ? List.of(task("a").slot(1).json(), task("b").slot(2).state("starting").json())
                : List.of(task("a").slot(1).json(), task("b").slot(2).json()));
        swarm.nodes = now -> List.of(node("n1").json(), (now.isBefore(T0.plusSeconds(1)) || !now.isBefore(T0.plusSeconds(2))
                ? node("n2") : node("n2").state("down")).json());

        RolloutReport report = watcher().watch(List.of(WatchedService.created("svc1", "web")), Duration.ofMinutes(1));

        assertTrue(report.isSuccess());
        List<String> nodeNews = events.stream().filter(event -> event.message().startsWith("node "))
                .map(event -> event.level() + " " + event.message()).toList();
        assertEquals(List.of("WARN node host-n2 went down: its tasks no longer count, and Swarm starts its replicated"
                + " tasks on other nodes", "INFO node host-n2 is ready again"), nodeNews);
    }

    private List<String> messages() {
        return events.stream().map(Event::message).toList();
    }

    /** A clock that stands still until the watcher sleeps. */
    private static final class FakeTime extends Clock implements Sleeper {
        private Instant now = T0;
        private final List<Duration> sleeps = new ArrayList<>();

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Answers as the engine would, from functions of the fake time. */
    private final class ScriptedSwarm implements SwarmReader {
        private final Map<String, Function<Instant, JsonNode>> services = new HashMap<>();
        private final Map<String, Function<Instant, List<JsonNode>>> current = new HashMap<>();
        private final Map<String, Function<Instant, List<JsonNode>>> all = new HashMap<>();
        private Function<Instant, List<JsonNode>> nodes = now -> List.of(node("n1").json());
        private int serviceReads;
        private Instant unreachableUntil = T0;

        private void answerIfReachable() {
            if (time.now.isBefore(unreachableUntil)) {
                throw new EngineException("cannot reach the Docker engine at the test engine: Connection refused",
                        new java.net.ConnectException("Connection refused"));
            }
        }

        void service(String id, Function<Instant, JsonNode> answer) {
            services.put(id, answer);
        }

        void currentTasks(String id, Function<Instant, List<JsonNode>> answer) {
            current.put(id, answer);
        }

        void allTasks(String id, Function<Instant, List<JsonNode>> answer) {
            all.put(id, answer);
        }

        @Override
        public List<SwarmService> fetchServices(Collection<String> ids) {
            if (ids.isEmpty()) {
                return List.of();
            }
            serviceReads++;
            List<SwarmService> found = new ArrayList<>();
            for (String id : ids) {
                Optional.ofNullable(services.get(id)).map(answer -> EngineJson.service(
                        ((ObjectNode) answer.apply(time.now)).put("ID", id))).ifPresent(found::add);
            }
            return found;
        }

        @Override
        public List<SwarmTask> fetchTasks(Collection<String> serviceIds, boolean upToDateOnly) {
            List<SwarmTask> found = new ArrayList<>();
            for (String id : serviceIds) {
                Function<Instant, List<JsonNode>> answer = (upToDateOnly ? current : all).get(id);
                if (answer == null) {
                    throw new AssertionError((upToDateOnly ? "current" : "all") + " tasks of " + id
                            + " were read although the decision does not need them");
                }
                answer.apply(time.now).forEach(task -> found.add(EngineJson.task(((ObjectNode) task).put("ServiceID", id))));
            }
            return found;
        }

        @Override
        public List<SwarmNode> fetchNodes() {
            answerIfReachable();
            return nodes.apply(time.now).stream().map(EngineJson::node).toList();
        }
    }
}
