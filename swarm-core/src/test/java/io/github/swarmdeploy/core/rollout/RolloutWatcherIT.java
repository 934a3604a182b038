package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static io.github.swarmdeploy.core.rollout.RolloutSandbox.command;
import static io.github.swarmdeploy.core.rollout.RolloutSandbox.createService;
import static io.github.swarmdeploy.core.rollout.RolloutSandbox.monitor;
import static io.github.swarmdeploy.core.rollout.RolloutSandbox.restartCondition;
import static io.github.swarmdeploy.core.rollout.RolloutSandbox.serviceSpec;
import static io.github.swarmdeploy.core.rollout.RolloutSandbox.setImage;
import static io.github.swarmdeploy.core.rollout.RolloutSandbox.taskStates;
import static io.github.swarmdeploy.core.rollout.RolloutSandbox.updateService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watcher on the real sandbox swarm: services created and updated directly through the Engine API
 * (not through a deploy), then watched to their verdict.
 */
class RolloutWatcherIT {

    /** Generous: a verdict that is right comes long before; a wrong wait shows up as TIMED_OUT. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static EngineConnection engine;
    private static String v1;
    private static String v2;
    private static String unhealthy;

    private final List<String> services = Collections.synchronizedList(new ArrayList<>());
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    /** Test images differ by a label, not a RUN step: building needs no container (nor the default bridge). */
    @BeforeAll
    static void images() {
        engine = SandboxSwarm.requireManager();
        String loop = "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]";
        v1 = RolloutSandbox.buildAndPush(engine, "v1", "LABEL io.github.swarmdeploy.test.version=1", loop);
        v2 = RolloutSandbox.buildAndPush(engine, "v2", "LABEL io.github.swarmdeploy.test.version=2", loop);
        // sleep as PID 1 ignores SIGTERM: Swarm kills it when unhealthy, so the task fails with exit 137
        unhealthy = RolloutSandbox.buildAndPush(engine, "v3-unhealthy", "LABEL io.github.swarmdeploy.test.version=3",
                "CMD [\"sleep\", \"3600\"]", "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD false");
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void removeServices() {
        services.forEach(id -> SandboxSwarm.delete(engine, "/services/" + id));
    }

    private RolloutWatcher watcher() {
        return new RolloutWatcher(engine.swarm(), events::add).withPollInterval(Duration.ofMillis(500));
    }

    private WatchedService create(String purpose, String image, Consumer<ObjectNode> customise) {
        String name = SandboxSwarm.uniqueStack(purpose);
        ObjectNode spec = serviceSpec(name, image);
        customise.accept(spec);
        if (spec.path("Mode").has("ReplicatedJob") || spec.path("Mode").has("GlobalJob")) {
            // Swarm refuses update and rollback settings on jobs
            spec.remove(List.of("UpdateConfig", "RollbackConfig"));
        }
        String id = createService(engine, spec);
        services.add(id);
        return WatchedService.created(id, name);
    }

    private ServiceOutcome watch(WatchedService service, Duration timeout) {
        RolloutReport report = watcher().watch(List.of(service), timeout);
        return report.outcomes().get(0);
    }

    private WatchedService createConverged(String purpose, String image, Consumer<ObjectNode> customise) {
        WatchedService created = create(purpose, image, customise);
        ServiceOutcome outcome = watch(created, TIMEOUT);
        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        return created;
    }

    private static WatchedService updated(WatchedService service) {
        return WatchedService.updated(service.id(), service.name());
    }

    private List<String> messages() {
        synchronized (events) {
            return events.stream().map(Event::message).toList();
        }
    }

    @Test
    void aCreatedServiceConvergesAndSoDoesAnUpdateToANewImage() {
        WatchedService web = create("web", v1, spec -> spec.putObject("Mode").putObject("Replicated").put("Replicas", 2));

        ServiceOutcome created = watch(web, TIMEOUT);

        assertEquals(Verdict.CONVERGED, created.verdict(), created::summary);
        assertEquals("2/2 running", created.state());
        assertEquals(List.of("running app:v1", "running app:v1"), taskStates(engine, web.id()));

        updateService(engine, web.id(), spec -> setImage(spec, v2));
        ServiceOutcome update = watch(updated(web), TIMEOUT);

        assertEquals(Verdict.CONVERGED, update.verdict(), update::summary);
        assertEquals(Optional.of(v2), update.image());
        assertEquals(2, taskStates(engine, web.id()).stream().filter(state -> state.equals("running app:v2")).count(),
                () -> "tasks: " + taskStates(engine, web.id()));
        assertTrue(messages().stream().anyMatch(line -> line.startsWith(web.name() + ": updating: ")), messages()::toString);
        assertTrue(messages().contains(update.summary()), messages()::toString);

        ServiceOutcome unchanged = watch(WatchedService.unchanged(web.id(), web.name()), TIMEOUT);
        assertEquals(Verdict.HEALTHY, unchanged.verdict(), unchanged::summary);
    }

    @Test
    void anUpdateWhoseHealthcheckFailsIsRolledBackAndTheOldVersionRunsAgain() {
        WatchedService api = createConverged("rollback", v1,
                spec -> ((ObjectNode) spec.path("UpdateConfig")).put("FailureAction", "rollback"));

        updateService(engine, api.id(), spec -> setImage(spec, unhealthy));
        ServiceOutcome outcome = watch(updated(api), TIMEOUT);

        // whether or not a look caught Swarm's rollback_started (and its reason) depends on timing: the verdict
        // must not
        assertRolledBackNamingTheFailedTask(api, outcome);
    }

    @Test
    void aRollbackFirstSeenWhenSwarmHadCompletedItStillNamesTheFailedTaskAndItsError() {
        WatchedService api = createConverged("lateroll", v1,
                spec -> ((ObjectNode) spec.path("UpdateConfig")).put("FailureAction", "rollback"));

        updateService(engine, api.id(), spec -> setImage(spec, unhealthy));
        // a watcher that comes late (a slow connection, a busy machine): Swarm's "update rolled back due to ..."
        // is overwritten by "rollback completed" and PreviousSpec is gone
        SandboxSwarm.await("Swarm to complete the rollback of " + api.name(), TIMEOUT,
                () -> engine.fetchJson("/services/" + api.id()).path("UpdateStatus").path("State").asText(),
                "rollback_completed"::equals);
        ServiceOutcome outcome = watch(updated(api), TIMEOUT);

        assertRolledBackNamingTheFailedTask(api, outcome);
        assertTrue(outcome.reason().orElse("").contains(" of the new version failed: ")
                && outcome.reason().orElse("").contains("unhealthy"), outcome::summary);
    }

    /**
     * The verdict does not wait for Swarm's {@code completed}: Swarm waits out {@code update_config.delay} after
     * the last batch too, although a task failing then no longer triggers its failure action. The service has
     * converged once its new task ran for the monitor window; Swarm's updater is still at work.
     */
    @Test
    void anUpdateConvergesOnceItsNewTasksRanForTheMonitorWindowWithoutWaitingOutSwarmsDelay() {
        WatchedService web = createConverged("delay", v1, spec -> { });

        updateService(engine, web.id(), spec -> {
            setImage(spec, v2);
            ((ObjectNode) spec.path("UpdateConfig")).put("Delay", Duration.ofSeconds(60).toNanos());
        });
        ServiceOutcome outcome = watch(updated(web), TIMEOUT);

        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        List<String> tasks = taskStates(engine, web.id());
        assertTrue(tasks.contains("running app:v2") && !tasks.contains("running app:v1"), () -> "tasks: " + tasks);
        assertEquals("updating", engine.fetchJson("/services/" + web.id()).path("UpdateStatus").path("State").asText(),
                "Swarm still waits out the delay after the last batch: the verdict came before its 'completed'");
    }

    /**
     * A new version that runs, then fails within the monitor window: Swarm rolls it back (its failure action
     * applies to tasks that end within the window), and the verdict says so although the new task was up.
     */
    @Test
    void aNewVersionThatRunsThenFailsWithinTheMonitorWindowIsRolledBack() {
        WatchedService api = createConverged("latefail", v1,
                spec -> ((ObjectNode) spec.path("UpdateConfig")).put("FailureAction", "rollback"));

        updateService(engine, api.id(), spec -> {
            setImage(spec, v2);
            command(spec, "sh", "-c", "sleep 4; exit 1");
            monitor(spec, Duration.ofSeconds(30));
        });
        ServiceOutcome outcome = watch(updated(api), TIMEOUT);

        assertEquals(Verdict.ROLLED_BACK, outcome.verdict(), outcome::summary);
        assertTrue(messages().contains(api.name() + ": 1/1 running, checking they stay up for 30.0s"),
                () -> "the new task ran before it failed: " + messages());
        assertEquals(Optional.of(v1), outcome.image(), outcome::summary);
        assertEquals(Optional.of(v2), outcome.failedImage(), outcome::summary);
        assertTrue(outcome.summary().contains("non-zero exit (1)"), outcome::summary);
        assertTrue(taskStates(engine, api.id()).contains("running app:v1"), () -> "tasks: " + taskStates(engine, api.id()));
    }

    /** What a user needs after a rollback: it is a failure, why (the failed task), and what runs now. */
    private void assertRolledBackNamingTheFailedTask(WatchedService api, ServiceOutcome outcome) {
        assertEquals(Verdict.ROLLED_BACK, outcome.verdict(), outcome::summary);
        assertTrue(outcome.isFailure());
        List<String> failedTasks = RolloutSandbox.taskIds(engine, api.id(), unhealthy);
        assertTrue(failedTasks.stream().anyMatch(id -> outcome.reason().orElse("").contains("task " + id)),
                () -> "the reason names none of the tasks of " + unhealthy + " " + failedTasks + ": " + outcome.summary());
        assertTrue(outcome.summary().contains("unhealthy container"), outcome::summary);
        assertEquals(Optional.of(v1), outcome.image(), outcome::summary);
        assertEquals(Optional.of(unhealthy), outcome.failedImage(), outcome::summary);
        assertTrue(outcome.summary().startsWith(api.name() + ": rolled back: "), outcome::summary);
        assertTrue(outcome.summary().contains("runs " + v1 + " again (the update to " + unhealthy + " failed)"),
                outcome::summary);
        assertEquals(v1, engine.fetchJson("/services/" + api.id()).path("Spec").path("TaskTemplate")
                .path("ContainerSpec").path("Image").asText());
        assertTrue(taskStates(engine, api.id()).contains("running app:v1"), () -> "tasks: " + taskStates(engine, api.id()));
    }

    @Test
    void anUpdateSwarmPausesIsAFailureNamingTheTaskError() {
        WatchedService api = createConverged("pause", v1, spec -> { });

        updateService(engine, api.id(), spec -> setImage(spec, unhealthy));
        ServiceOutcome outcome = watch(updated(api), TIMEOUT);

        assertEquals(Verdict.PAUSED, outcome.verdict(), outcome::summary);
        assertEquals("paused", outcome.state());
        assertTrue(outcome.reason().orElse("").startsWith("update paused"), outcome::summary);
        assertTrue(outcome.taskError().isPresent(), outcome::summary);
    }

    @Test
    void anUpdateThatDoesNotConvergeInTimeTimesOut() {
        WatchedService api = createConverged("timeout", v1, spec -> { });

        // a healthcheck whose first probe is an hour away keeps the new task "starting"
        updateService(engine, api.id(), spec -> ((ObjectNode) spec.path("TaskTemplate").path("ContainerSpec"))
                .putObject("Healthcheck").put("Interval", Duration.ofHours(1).toNanos()).putArray("Test")
                .add("CMD").add("true"));
        ServiceOutcome outcome = watch(updated(api), Duration.ofSeconds(3));

        assertEquals(Verdict.TIMED_OUT, outcome.verdict(), outcome::summary);
        assertTrue(outcome.state().startsWith("updating: 0/1 running"), outcome::summary);
    }

    @Test
    void scalingToZeroConvergesOnceNoTaskRuns() {
        WatchedService api = createConverged("zero", v1, spec -> { });

        updateService(engine, api.id(), spec -> ((ObjectNode) spec.path("Mode").path("Replicated")).put("Replicas", 0));
        ServiceOutcome outcome = watch(updated(api), TIMEOUT);

        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        assertEquals("0/0 running", outcome.state());
        assertFalse(taskStates(engine, api.id()).stream().anyMatch(state -> state.startsWith("running")),
                () -> "tasks: " + taskStates(engine, api.id()));
    }

    @Test
    void aGlobalServiceConvergesWithATaskOnEveryNode() {
        int nodes = engine.fetchJson("/nodes").size();
        WatchedService agent = create("global", v1, spec -> spec.putObject("Mode").putObject("Global"));

        ServiceOutcome outcome = watch(agent, TIMEOUT);

        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        assertEquals(nodes + "/" + nodes + " running", outcome.state());
    }

    @Test
    void aGlobalServiceCountsOnlyTheNodesItsPlacementAllows() {
        int managers = engine.fetchJson("/nodes?filters="
                + URLEncoder.encode("{\"role\":[\"manager\"]}", StandardCharsets.UTF_8)).size();
        WatchedService onManagers = create("globalmgr", v1, spec -> {
            spec.putObject("Mode").putObject("Global");
            ((ObjectNode) spec.path("TaskTemplate")).putObject("Placement").putArray("Constraints").add("node.role==manager");
        });
        WatchedService nowhere = create("globalnone", v1, spec -> {
            spec.putObject("Mode").putObject("Global");
            ((ObjectNode) spec.path("TaskTemplate")).putObject("Placement").putArray("Constraints")
                    .add("node.labels.io.github.swarmdeploy.test.absent==yes");
        });

        RolloutReport report = watcher().watch(List.of(onManagers, nowhere), TIMEOUT);

        assertEquals(managers + "/" + managers + " running", report.outcomes().get(0).state(),
                report.outcomes().get(0)::summary);
        assertEquals(Verdict.CONVERGED, report.outcomes().get(1).verdict(), report.outcomes().get(1)::summary);
        assertEquals("0/0 running (no node matches the service's placement)", report.outcomes().get(1).state());
        assertTrue(report.isSuccess(), report::failureMessage);
    }

    @Test
    void aReplicatedJobConvergesWhenItCompletedItsTotal() {
        WatchedService job = create("job", v1, spec -> {
            spec.putObject("Mode").putObject("ReplicatedJob").put("MaxConcurrent", 2).put("TotalCompletions", 3);
            restartCondition(spec, "on-failure");
            command(spec, "true");
        });

        ServiceOutcome outcome = watch(job, TIMEOUT);

        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        assertEquals("3/3 completed", outcome.state());
        assertEquals(3, taskStates(engine, job.id()).stream().filter(state -> state.startsWith("complete")).count());
    }

    @Test
    void aGlobalJobConvergesWhenEveryNodeCompletedIt() {
        int nodes = engine.fetchJson("/nodes").size();
        WatchedService job = create("globaljob", v1, spec -> {
            spec.putObject("Mode").putObject("GlobalJob");
            restartCondition(spec, "on-failure");
            command(spec, "true");
        });

        ServiceOutcome outcome = watch(job, TIMEOUT);

        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        assertEquals(nodes + "/" + nodes + " completed", outcome.state());
    }

    @Test
    void oneShotTasksThatExitZeroUnderRestartConditionNoneAreDone() {
        WatchedService migrate = create("oneshot", v1, spec -> {
            spec.putObject("Mode").putObject("Replicated").put("Replicas", 2);
            restartCondition(spec, "none");
            command(spec, "true");
        });

        ServiceOutcome outcome = watch(migrate, TIMEOUT);

        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        assertEquals("2/2 done (0 running, 2 completed)", outcome.state());
    }

    @Test
    void aTaskThatKeepsFailingFailsTheRolloutWithItsError() {
        // Swarm's default window, not the sandbox's 1 s: on a loaded engine a container's exit has been reported
        // more than a second late, and a task Swarm shows running for its whole window has converged (docker's rule)
        WatchedService crash = create("crash", v1, spec -> {
            monitor(spec, Duration.ofSeconds(5));
            command(spec, "sh", "-c", "exit 1");
        });

        ServiceOutcome outcome = watch(crash, TIMEOUT);

        assertEquals(Verdict.FAILED, outcome.verdict(), outcome::summary);
        assertTrue(outcome.reason().orElse("").contains("tasks of the new version failed one after another"), outcome::summary);
        assertEquals(Optional.of("task: non-zero exit (1)"), outcome.taskError(), outcome::summary);
    }

    @Test
    void aFailedTaskSwarmWillNotRestartFailsTheRollout() {
        WatchedService once = create("giveup", v1, spec -> {
            restartCondition(spec, "none");
            command(spec, "sh", "-c", "exit 3");
        });

        ServiceOutcome outcome = watch(once, TIMEOUT);

        assertEquals(Verdict.FAILED, outcome.verdict(), outcome::summary);
        assertTrue(outcome.reason().orElse("").contains("Swarm will not restart it"), outcome::summary);
        assertEquals(Optional.of("task: non-zero exit (3)"), outcome.taskError(), outcome::summary);
    }
}
