package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.rollout.ServiceTracker.Finished;
import io.github.swarmdeploy.core.rollout.ServiceTracker.Pending;
import io.github.swarmdeploy.core.rollout.ServiceTracker.Step;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.github.swarmdeploy.core.rollout.SwarmJson.T0;
import static io.github.swarmdeploy.core.rollout.SwarmJson.global;
import static io.github.swarmdeploy.core.rollout.SwarmJson.globalJob;
import static io.github.swarmdeploy.core.rollout.SwarmJson.node;
import static io.github.swarmdeploy.core.rollout.SwarmJson.replicated;
import static io.github.swarmdeploy.core.rollout.SwarmJson.replicatedJob;
import static io.github.swarmdeploy.core.rollout.SwarmJson.snapshot;
import static io.github.swarmdeploy.core.rollout.SwarmJson.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTrackerTest {

    private static final WatchedService UPDATED = WatchedService.updated("svc1", "backend");
    private static final WatchedService CREATED = WatchedService.created("svc1", "backend");

    private static ServiceTracker tracker(WatchedService service) {
        return new ServiceTracker(service, T0, 3, Duration.ofSeconds(3));
    }

    private static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    private static String pending(Step step) {
        return assertInstanceOf(Pending.class, step, () -> "expected no verdict yet, got " + step).state();
    }

    private static ServiceOutcome finished(Step step) {
        return assertInstanceOf(Finished.class, step, () -> "expected a verdict, got " + step).outcome();
    }

    @Nested
    class Converging {

        @Test
        void anUpdateConvergesWhenAllNewTasksRunAndStayUpForTheMonitorWindow() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(2).updateStatus("updating", "update in progress")
                    .monitor(Duration.ofSeconds(5));

            assertEquals("updating: 1/2 running", pending(tracker.observe(snapshot(service,
                    task("a").slot(1), task("b").slot(2).state("starting")), at(1))));
            assertEquals("2/2 running, checking they stay up for 5.0s", pending(tracker.observe(snapshot(service,
                    task("a").slot(1), task("b").slot(2)), at(2))));
            pending(tracker.observe(snapshot(service, task("a").slot(1), task("b").slot(2)), at(6.9)));

            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    task("a").slot(1), task("b").slot(2)), at(7)));

            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("2/2 running", outcome.state());
            assertEquals(Duration.ofSeconds(7), outcome.duration());
            assertEquals(Optional.of("registry/app:2"), outcome.image());
            assertEquals("backend: converged (2/2 running) after 7.0s", outcome.summary());
        }

        @Test
        void aTaskThatStopsDuringTheMonitorWindowStartsTheWindowAgain() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1).monitor(Duration.ofSeconds(5));

            pending(tracker.observe(snapshot(service, task("a")), at(1)));
            assertEquals("starting: 0/1 running; last task error: task: non-zero exit (1)",
                    pending(tracker.observe(snapshot(service, task("a").failed("task: non-zero exit (1)"),
                            task("b").state("starting")), at(4))));
            pending(tracker.observe(snapshot(service, task("a").failed("task: non-zero exit (1)"),
                    task("b").since(at(5))), at(5)));
            pending(tracker.observe(snapshot(service, task("a").failed("task: non-zero exit (1)"),
                    task("b").since(at(5))), at(9)));

            assertEquals(Verdict.CONVERGED, finished(tracker.observe(snapshot(service,
                    task("a").failed("task: non-zero exit (1)"), task("b").since(at(5))), at(10))).verdict());
        }

        /**
         * The window counts from Swarm's time of the task's start, as Swarm's own monitor does (plus the time Swarm
         * takes to record a failure), not from the look that saw it: a task that ran 0.9 s before the look converges
         * 0.4 s sooner.
         */
        @Test
        void theWindowCountsFromWhenSwarmSaysTheTaskBeganToRun() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1).monitor(Duration.ofSeconds(5));

            pending(tracker.observe(snapshot(service, task("a").state("starting")), at(1)));
            pending(tracker.observe(snapshot(service, task("a").since(at(1.1))), at(2)));
            assertEquals(Optional.of(at(6.6)), tracker.windowEnd());
            pending(tracker.observe(snapshot(service, task("a").since(at(1.1))), at(6.5)));

            assertEquals(Duration.ofMillis(6600), finished(tracker.observe(snapshot(service,
                    task("a").since(at(1.1))), at(6.6))).duration());
        }

        /**
         * An engine whose clock differs from ours cannot shorten or stretch the window by more than the time between
         * two looks: its time is kept between the look that did not see the task run and the one that did.
         */
        @Test
        void anEngineClockOffMovesTheWindowByNoMoreThanTheTimeBetweenLooks() {
            SwarmJson.Service service = replicated(1).monitor(Duration.ofSeconds(5));

            ServiceTracker behind = tracker(CREATED);
            pending(behind.observe(snapshot(service, task("a").state("starting")), at(1)));
            pending(behind.observe(snapshot(service, task("a").since(T0.minusSeconds(60))), at(2)));
            assertEquals(Optional.of(at(6)), behind.windowEnd(), "an engine clock behind: from the look before");

            ServiceTracker ahead = tracker(CREATED);
            pending(ahead.observe(snapshot(service, task("a").state("starting")), at(1)));
            pending(ahead.observe(snapshot(service, task("a").since(at(60))), at(2)));
            assertEquals(Optional.of(at(7)), ahead.windowEnd(), "an engine clock ahead: from this look, as before");
        }

        /**
         * Swarm says {@code completed} only after its update delay, waited after the last batch too, and another
         * monitor window: ~delay + monitor after the last new task runs. A task failing that late no longer
         * triggers the failure action, so the verdict does not wait for it (docker's waiter does not either).
         */
        @Test
        void anUpdateWithADelayConvergesWithoutWaitingForSwarmsCompleted() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).updateStatus("updating", "update in progress")
                    .delay(Duration.ofSeconds(10)).monitor(Duration.ofSeconds(5));

            assertEquals("updating: 0/1 running", pending(tracker.observe(snapshot(service,
                    task("new").state("starting")), at(1))));
            assertEquals("1/1 running, checking they stay up for 5.0s", pending(tracker.observe(snapshot(service,
                    task("new")), at(2))));
            pending(tracker.observe(snapshot(service, task("new")), at(6.9)));

            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, task("new")), at(7)));
            assertEquals(Verdict.CONVERGED, outcome.verdict(), "Swarm's update status still says updating");
            assertEquals("1/1 running", outcome.state());
        }

        /**
         * Parallelism 1 with a delay, start-first: Swarm replaces one slot, waits, then the next. While a slot
         * still runs only its old task (not of the current spec), the service has not converged, however long
         * the other slot's new task has been up.
         */
        @Test
        void slotsUpdatedOneByOneConvergeOnlyOnceTheLastRunsItsNewTaskForTheWindow() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(2).updateStatus("updating", "update in progress")
                    .delay(Duration.ofSeconds(10)).monitor(Duration.ofSeconds(5));

            // start-first: slot 1's new task runs next to its old one; slot 2 only has its old task
            assertEquals("updating: 1/2 running", pending(tracker.observe(snapshot(service,
                    task("new1").slot(1)), at(2))));
            assertEquals("updating: 1/2 running", pending(tracker.observe(snapshot(service,
                    task("new1").slot(1)), at(11))), "the delay between batches is no convergence");
            assertEquals("updating: 1/2 running", pending(tracker.observe(snapshot(service,
                    task("new1").slot(1), task("new2").slot(2).state("starting")), at(12))));
            assertEquals("2/2 running, checking they stay up for 5.0s", pending(tracker.observe(snapshot(service,
                    task("new1").slot(1), task("new2").slot(2).since(at(13))), at(13))));
            pending(tracker.observe(snapshot(service, task("new1").slot(1), task("new2").slot(2).since(at(13))),
                    at(17.9)));

            assertEquals(Verdict.CONVERGED, finished(tracker.observe(snapshot(service,
                    task("new1").slot(1), task("new2").slot(2).since(at(13))), at(18))).verdict());
        }

        @Test
        void aPauseSwarmDecidesWhileTheNewTasksAreInTheirWindowIsAFailure() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).updateStatus("updating", "update in progress")
                    .monitor(Duration.ofSeconds(5));
            pending(tracker.observe(snapshot(service, task("new")), at(1)));

            service.updateStatus("paused", "update paused due to failure or early termination of task new");
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, List.of(),
                    List.of(task("new").failed("task: non-zero exit (1)")), List.of(node("n1"))), at(3)));

            assertEquals(Verdict.PAUSED, outcome.verdict());
        }

        @Test
        void neverConvergesWhileSwarmRollsBackEvenWithTasksUpLongerThanTheWindow() {
            ServiceTracker tracker = tracker(UPDATED);
            pending(tracker.observe(snapshot(replicated(1).image("registry/app:2").failureAction("rollback")
                    .updateStatus("updating", "update in progress"), task("new").image("registry/app:2")), at(1)));
            assertTrue(tracker.isUp());

            // the new task failed within its window; Swarm puts the previous spec back, whose task runs
            SwarmJson.Service rollingBack = replicated(1).image("registry/app:1").failureAction("rollback")
                    .updateStatus("rollback_started", "update rolled back due to failure or early termination of "
                            + "task new");
            for (double second : new double[] {3, 10, 30}) {
                assertTrue(pending(tracker.observe(snapshot(rollingBack, List.of(task("old").image("registry/app:1")),
                        List.of(task("old").image("registry/app:1")), List.of(node("n1"))), at(second)))
                        .startsWith("rolling back"));
                assertFalse(tracker.isUp(), "a service Swarm rolls back is not up for its dependents");
            }

            ServiceOutcome outcome = finished(tracker.observe(snapshot(replicated(1).image("registry/app:1")
                    .updateStatus("rollback_completed", "rollback completed"),
                    List.of(task("old").image("registry/app:1")), List.of(task("old").image("registry/app:1")),
                    List.of(node("n1"))), at(31)));
            assertEquals(Verdict.ROLLED_BACK, outcome.verdict());
        }

        @Test
        void isUpForDependentsAsSoonAsTheNewTasksRunBeforeTheWindowEnds() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1).monitor(Duration.ofSeconds(5));

            pending(tracker.observe(snapshot(service, task("a").state("starting")), at(1)));
            assertFalse(tracker.isUp(), "starting (for a task with a healthcheck: not yet healthy) is not up");
            pending(tracker.observe(snapshot(service, task("a")), at(2)));
            assertTrue(tracker.isUp());
            pending(tracker.observe(snapshot(service, task("a").failed("task: non-zero exit (1)"),
                    task("b").state("ready")), at(3)));
            assertFalse(tracker.isUp(), "a task that stopped is not up");
        }

        @Test
        void usesSwarmsDefaultMonitorOfFiveSecondsWhenTheSpecSetsNone() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1);

            assertEquals("1/1 running, checking they stay up for 5.0s",
                    pending(tracker.observe(snapshot(service, task("a")), at(1))));
            pending(tracker.observe(snapshot(service, task("a")), at(5.9)));
            assertEquals(Verdict.CONVERGED, finished(tracker.observe(snapshot(service, task("a")), at(6))).verdict());
        }

        @Test
        void aSlotCountsItsLowestDesiredStateTaskAsDockerDoes() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1).monitor(Duration.ofSeconds(1));
            // the old task of slot 1 is still running but being shut down; the new one only starts
            assertEquals("starting: 0/1 running", pending(tracker.observe(snapshot(service,
                    task("old").desired("shutdown"), task("new").state("starting")), at(1))));
        }

        @Test
        void tasksOnNodesThatAreDownDoNotCount() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(2).monitor(Duration.ofSeconds(1));

            assertEquals("starting: 1/2 running", pending(tracker.observe(snapshot(service,
                    List.of(task("a").slot(1).node("n1"), task("b").slot(2).node("n2")), List.of(),
                    List.of(node("n1"), node("n2").state("down"))), at(1))));
        }

        @Test
        void oneShotTasksThatCompletedWhileSwarmsUpdaterRunsAreDoneOnceTheyCouldNoLongerPauseIt() {
            // Swarm's updater takes a task that ends within the monitor window for a failure, even exit 0
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).restart("none").updateStatus("updating", "")
                    .monitor(Duration.ofSeconds(5));
            SwarmJson.Task done = task("a").state("complete").desired("shutdown");

            assertEquals("1/1 done (0 running, 1 completed), checking for 5.0s that Swarm's update does not take "
                    + "their end for a failure", pending(tracker.observe(snapshot(service, done), at(1))));
            assertTrue(tracker.isUp());
            assertEquals(Verdict.CONVERGED, finished(tracker.observe(snapshot(service, done), at(6))).verdict());
        }

        @Test
        void oneShotTasksThatExitedZeroAreDoneUnderRestartConditionNone() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(2).restart("none");

            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    task("a").slot(1).state("complete").desired("shutdown"),
                    task("b").slot(2).state("complete").desired("shutdown")), at(1)));

            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("2/2 done (0 running, 2 completed)", outcome.state());
        }

        @Test
        void aTaskThatExitedZeroUnderRestartConditionAnyIsNotDoneButAFailure() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1);

            for (int i = 1; i <= 2; i++) {
                pending(tracker.observe(snapshot(service, exited("t1"), exited("t2")), at(i)));
            }
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    exited("t1"), exited("t2"), exited("t3")), at(3)));
            assertEquals(Verdict.FAILED, outcome.verdict());
        }

        private SwarmJson.Task exited(String id) {
            return task(id).state("complete").desired("shutdown");
        }

        @Test
        void zeroReplicasConvergeOnceNoTaskOfTheServiceIsUpAnyMore() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(0);

            assertEquals("updating: scaling to 0, 1 task still up", pending(tracker.observe(snapshot(service,
                    List.of(), List.of(task("a").desired("shutdown")), List.of(node("n1"))), at(1))));

            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    List.of(), List.of(task("a").state("shutdown").desired("shutdown")), List.of(node("n1"))), at(2)));
            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("0/0 running", outcome.state());
        }
    }

    @Nested
    class GlobalServices {

        @Test
        void needOneRunningTaskOnEveryNodeThatAcceptsTheirTasks() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = global().constraints("node.labels.zone==a").monitor(Duration.ofSeconds(1));
            List<SwarmJson.Node> nodes = List.of(
                    node("n1").label("zone", "a"),
                    node("n2").label("zone", "a"),
                    node("n3").label("zone", "b"),
                    node("n4").label("zone", "a").availability("drain"),
                    node("n5").label("zone", "a").state("down"));

            assertEquals("starting: 1/2 running", pending(tracker.observe(snapshot(service,
                    List.of(task("a").node("n1")), List.of(), nodes), at(1))));
            pending(tracker.observe(snapshot(service,
                    List.of(task("a").node("n1"), task("b").node("n2")), List.of(), nodes), at(2)));

            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    List.of(task("a").node("n1"), task("b").node("n2")), List.of(), nodes), at(3)));
            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("2/2 running", outcome.state());
        }

        @Test
        void aPausedNodeKeepsCountingWithTheTaskItStillRuns() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = global().monitor(Duration.ofSeconds(1));
            List<SwarmJson.Node> nodes = List.of(node("n1"), node("n2").availability("pause"));

            assertEquals("2/2 running, checking they stay up for 1.0s", pending(tracker.observe(snapshot(service,
                    List.of(task("a").node("n1"), task("b").node("n2")), List.of(), nodes), at(1))));
        }

        @Test
        void convergeAtOnceWhenNoNodeMatchesThePlacement() {
            ServiceOutcome outcome = finished(tracker(CREATED).observe(snapshot(
                    global().constraints("node.role==worker"), List.of(), List.of(), List.of(node("n1"))), at(1)));

            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("0/0 running (no node matches the service's placement)", outcome.state());
        }
    }

    @Nested
    class Jobs {

        @Test
        void aReplicatedJobIsDoneWhenItsCurrentIterationCompletedTheTotalWithoutAMonitorWindow() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service job = replicatedJob(2, 3, 7);

            assertEquals("running job: 1/3 completed, 2 running", pending(tracker.observe(snapshot(job,
                    task("old0").slot(0).iteration(6).state("complete"),
                    task("old1").slot(1).iteration(6).state("complete"),
                    task("old2").slot(2).iteration(6).state("complete"),
                    task("a").slot(0).iteration(7).state("complete"),
                    task("b").slot(1).iteration(7),
                    task("c").slot(2).iteration(7).state("starting")), at(1))));

            ServiceOutcome outcome = finished(tracker.observe(snapshot(job,
                    task("a").slot(0).iteration(7).state("complete"),
                    task("b").slot(1).iteration(7).state("complete"),
                    task("c").slot(2).iteration(7).state("complete")), at(2)));
            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("3/3 completed", outcome.state());
        }

        @Test
        void aJobSlotThatFailedThenCompletedCountsAsCompleted() {
            ServiceOutcome outcome = finished(tracker(CREATED).observe(snapshot(replicatedJob(1, 1, 1),
                    task("a").slot(0).iteration(1).failed("task: non-zero exit (1)"),
                    task("b").slot(0).iteration(1).state("complete")), at(1)));

            assertEquals(Verdict.CONVERGED, outcome.verdict());
        }

        @Test
        void aGlobalJobIsDoneWhenEveryEligibleNodeCompletedIt() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service job = globalJob(1);
            List<SwarmJson.Node> nodes = List.of(node("n1"), node("n2"));

            assertEquals("running job: 1/2 completed", pending(tracker.observe(snapshot(job,
                    List.of(task("a").node("n1").iteration(1).state("complete")), List.of(), nodes), at(1))));
            assertEquals(Verdict.CONVERGED, finished(tracker.observe(snapshot(job,
                    List.of(task("a").node("n1").iteration(1).state("complete"),
                            task("b").node("n2").iteration(1).state("complete")), List.of(), nodes), at(2))).verdict());
        }

        @Test
        void aJobWhoseTasksKeepFailingFails() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service job = replicatedJob(1, 1, 1);

            ServiceOutcome outcome = finished(tracker.observe(snapshot(job,
                    task("a").slot(0).iteration(1).failed("task: non-zero exit (2)"),
                    task("b").slot(0).iteration(1).failed("task: non-zero exit (2)"),
                    task("c").slot(0).iteration(1).failed("task: non-zero exit (2)"),
                    task("d").slot(0).iteration(1).state("ready")), at(1)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals(Optional.of("task: non-zero exit (2)"), outcome.taskError());
        }
    }

    @Nested
    class SwarmsVerdicts {

        @Test
        void aPausedUpdateIsAFailureNamingTheErrorOfTheTaskSwarmNames() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).failureAction("pause").updateStatus("paused",
                    "update paused due to failure or early termination of task 9kq3f0wq7m2r5t1v8x4y6z0ab");

            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, List.of(),
                    List.of(task("9kq3f0wq7m2r5t1v8x4y6z0ab").failed("task: non-zero exit (137): dockerexec: unhealthy container"),
                            task("older").createdAt(T0.minusSeconds(600)).failed("old error")),
                    List.of(node("n1"))), at(4)));

            assertEquals(Verdict.PAUSED, outcome.verdict());
            assertEquals("paused", outcome.state());
            assertEquals(Optional.of("task: non-zero exit (137): dockerexec: unhealthy container"), outcome.taskError());
            assertEquals("backend: update paused: update paused due to failure or early termination of task "
                    + "9kq3f0wq7m2r5t1v8x4y6z0ab; last task error: task: non-zero exit (137): dockerexec: "
                    + "unhealthy container", outcome.summary());
        }

        @Test
        void aRollbackIsAFailureThatSaysWhyAndWhichVersionRunsNow() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service updating = replicated(1).image("registry/app:2").failureAction("rollback")
                    .updateStatus("updating", "update in progress");
            pending(tracker.observe(snapshot(updating, task("new").image("registry/app:2").state("starting")), at(1)));

            // Swarm puts the previous spec back when it rolls back, and drops PreviousSpec
            SwarmJson.Service rollingBack = replicated(1).image("registry/app:1")
                    .failureAction("rollback").updateStatus("rollback_started",
                            "update rolled back due to failure or early termination of task 0123456789abcdefghijklmno");
            SwarmJson.Task failedNew = task("0123456789abcdefghijklmno").image("registry/app:2")
                    .failed("task: non-zero exit (137): dockerexec: unhealthy container");
            assertEquals("rolling back (update rolled back due to failure or early termination of task "
                            + "0123456789abcdefghijklmno): 0/1 running",
                    pending(tracker.observe(snapshot(rollingBack, List.of(), List.of(failedNew), List.of(node("n1"))),
                            at(3))));
            assertEquals("rolling back (update rolled back due to failure or early termination of task "
                            + "0123456789abcdefghijklmno): 1/1 running",
                    pending(tracker.observe(snapshot(rollingBack, List.of(task("back").image("registry/app:1")),
                            List.of(failedNew, task("back").image("registry/app:1")), List.of(node("n1"))), at(4))),
                    "the old version running again is no convergence while Swarm is still rolling back");

            SwarmJson.Service rolledBack = replicated(1).image("registry/app:1")
                    .updateStatus("rollback_completed", "rollback completed");
            ServiceOutcome outcome = finished(tracker.observe(snapshot(rolledBack,
                    List.of(task("back").image("registry/app:1")),
                    List.of(failedNew, task("back").image("registry/app:1")), List.of(node("n1"))), at(6)));

            assertEquals(Verdict.ROLLED_BACK, outcome.verdict());
            assertEquals(Optional.of("update rolled back due to failure or early termination of task "
                    + "0123456789abcdefghijklmno"), outcome.reason());
            assertEquals(Optional.of("registry/app:1"), outcome.image());
            assertEquals(Optional.of("registry/app:2"), outcome.failedImage());
            assertEquals(Optional.of("task: non-zero exit (137): dockerexec: unhealthy container"), outcome.taskError());
            assertEquals("backend: rolled back: update rolled back due to failure or early termination of task "
                    + "0123456789abcdefghijklmno; runs registry/app:1 again (the update to registry/app:2 failed), "
                    + "1/1 running; last task error: task: non-zero exit (137): dockerexec: unhealthy container",
                    outcome.summary());
        }

        @Test
        void aRollbackSeenOnlyWhenCompletedStillNamesTheFailedVersionsError() {
            SwarmJson.Service rolledBack = replicated(1).image("registry/app:1").previousImage("registry/app:2")
                    .updateStatus("rollback_completed", "rollback completed");

            ServiceOutcome outcome = finished(tracker(UPDATED).observe(snapshot(rolledBack,
                    List.of(task("back").image("registry/app:1")),
                    List.of(task("back").image("registry/app:1"),
                            task("x").image("registry/app:2").failed("starting container failed: no such file"),
                            task("y").image("registry/app:1").createdAt(T0.minusSeconds(900)).failed("ancient")),
                    List.of(node("n1"))), at(2)));

            assertEquals(Verdict.ROLLED_BACK, outcome.verdict());
            assertEquals(Optional.of("task x of the new version failed: starting container failed: no such file"),
                    outcome.reason(), "Swarm's \"rollback completed\" says nothing; the failed task does");
            assertEquals(Optional.of("starting container failed: no such file"), outcome.taskError());
            assertEquals("backend: rolled back: task x of the new version failed: starting container failed: no such "
                    + "file; runs registry/app:1 again (the update to registry/app:2 failed), 1/1 running",
                    outcome.summary(), "the error is said once");
        }

        @Test
        void aRollbackSeenOnlyWhenCompletedWithoutPreviousSpecNamesTheFirstFailedTaskOfTheOtherImage() {
            // what a watcher that comes late sees: Swarm dropped PreviousSpec and its reason, no look saw the update
            SwarmJson.Service rolledBack = replicated(1).image("registry/app:1").failureAction("rollback")
                    .updateStatus("rollback_completed", "rollback completed");
            SwarmJson.Task firstFailure = task("aaaaaaaaaaaaaaaaaaaaaaaaa").image("registry/app:3")
                    .createdAt(T0.plusSeconds(1)).failed("task: non-zero exit (137): dockerexec: unhealthy container");
            SwarmJson.Task stoppedLater = task("bbbbbbbbbbbbbbbbbbbbbbbbb").image("registry/app:3")
                    .createdAt(T0.plusSeconds(3)).state("shutdown").desired("shutdown");
            SwarmJson.Task before = task("ccccccccccccccccccccccccc").image("registry/app:0")
                    .createdAt(T0.minusSeconds(900)).failed("from an earlier deploy");
            SwarmJson.Task back = task("back").image("registry/app:1").createdAt(T0.plusSeconds(4));

            ServiceOutcome outcome = finished(tracker(UPDATED).observe(snapshot(rolledBack, List.of(back),
                    List.of(stoppedLater, before, firstFailure, back), List.of(node("n1"))), at(6)));

            assertEquals(Verdict.ROLLED_BACK, outcome.verdict());
            assertEquals(Optional.of("registry/app:3"), outcome.failedImage());
            assertEquals(Optional.of("task aaaaaaaaaaaaaaaaaaaaaaaaa of the new version failed: task: non-zero exit "
                    + "(137): dockerexec: unhealthy container"), outcome.reason());
            assertEquals("1/1 running", outcome.state());
            assertTrue(outcome.summary().contains("runs registry/app:1 again (the update to registry/app:3 failed)"),
                    outcome.summary());
        }

        @Test
        void aRollbackWithoutReasonOrFailedTaskSaysSoInsteadOfRollbackCompleted() {
            SwarmJson.Service rolledBack = replicated(1).image("registry/app:1")
                    .updateStatus("rollback_completed", "rollback completed");

            ServiceOutcome outcome = finished(tracker(UPDATED).observe(snapshot(rolledBack,
                    List.of(task("back").image("registry/app:1")), List.of(task("back").image("registry/app:1")),
                    List.of(node("n1"))), at(6)));

            assertEquals(Verdict.ROLLED_BACK, outcome.verdict());
            assertTrue(outcome.reason().orElse("").startsWith("Swarm rolled the update back; its reason was gone"),
                    outcome::summary);
        }

        @Test
        void aRollbackSeenOnlyWhenStartedNamesTheFailedVersionFromTheTaskSwarmNames() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Task failedNew = task("0123456789abcdefghijklmno").image("registry/app:2")
                    .state("complete").desired("shutdown");
            pending(tracker.observe(snapshot(replicated(1).image("registry/app:1").updateStatus("rollback_started",
                    "update rolled back due to failure or early termination of task 0123456789abcdefghijklmno"),
                    List.of(), List.of(failedNew), List.of(node("n1"))), at(1)));

            ServiceOutcome outcome = finished(tracker.observe(snapshot(replicated(1).image("registry/app:1")
                    .updateStatus("rollback_completed", "rollback completed"), List.of(task("back").image("registry/app:1")),
                    List.of(failedNew, task("back").image("registry/app:1")), List.of(node("n1"))), at(5)));

            assertEquals(Optional.of("registry/app:2"), outcome.failedImage());
            assertEquals(Optional.of("task 0123456789abcdefghijklmno ended complete with exit code 0"),
                    outcome.taskError(), "a task that exited 0 when Swarm stopped it still says how it ended");
        }

        @Test
        void aRollbackVerdictWaitsUntilThePreviousVersionRunsAgain() {
            ServiceTracker tracker = tracker(UPDATED);
            pending(tracker.observe(snapshot(replicated(1).image("registry/app:2").failureAction("rollback")
                    .updateStatus("updating", "update in progress"), task("new").image("registry/app:2")
                    .failed("task: non-zero exit (137): dockerexec: unhealthy container")), at(1)));
            SwarmJson.Service rolledBack = replicated(1).image("registry/app:1")
                    .updateStatus("rollback_completed", "rollback completed");

            assertEquals("rolled back, waiting for the previous version: 0/1 running", pending(tracker.observe(
                    snapshot(rolledBack, task("back").image("registry/app:1").state("pending")
                            .error("no suitable node (1 node not available for new tasks)")), at(2))));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(rolledBack, task("back").image("registry/app:1")),
                    at(3)));

            assertEquals(Verdict.ROLLED_BACK, outcome.verdict());
            assertEquals("1/1 running", outcome.state());
            assertEquals(Optional.of("registry/app:2"), outcome.failedImage());
            assertEquals(Optional.of("task: non-zero exit (137): dockerexec: unhealthy container"), outcome.taskError());
        }

        @Test
        void aRollbackWhosePreviousVersionDoesNotComeBackIsStillARollbackSayingSo() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service rolledBack = replicated(1).image("registry/app:1")
                    .updateStatus("rollback_completed", "rollback completed");
            pending(tracker.observe(snapshot(rolledBack, task("back").state("pending")
                    .error("no suitable node (insufficient resources on 1 node)")), at(1)));

            ServiceOutcome timedOut = tracker.timedOut(at(600));
            assertEquals(Verdict.ROLLED_BACK, timedOut.verdict());
            assertEquals("0/1 running", timedOut.state());

            // failures seen when the rollback completes belong to the version rolled back; later ones do not
            ServiceTracker again = tracker(UPDATED);
            pending(again.observe(snapshot(rolledBack, crashed("a"), crashed("b"), crashed("c"),
                    task("d").state("ready")), at(1)));
            ServiceOutcome failing = finished(again.observe(snapshot(rolledBack, crashed("a"), crashed("b"),
                    crashed("c"), crashed("d"), crashed("e"), crashed("f"), task("g").state("ready")), at(2)));
            assertEquals(Verdict.ROLLED_BACK, failing.verdict());
            assertEquals("0/1 running, and the previous version fails too: 3 tasks of the previous version failed one "
                    + "after another (task: non-zero exit (1))", failing.state());
        }

        private SwarmJson.Task crashed(String id) {
            return task(id).failed("task: non-zero exit (1)");
        }

        @Test
        void aPausedRollbackIsAPausedFailure() {
            ServiceOutcome outcome = finished(tracker(UPDATED).observe(snapshot(replicated(1).previousImage("registry/app:2")
                    .updateStatus("rollback_paused", "rollback paused due to failure or early termination of task "
                            + "abcdefghijklmnopqrstuvwxy")), at(2)));

            assertEquals(Verdict.PAUSED, outcome.verdict());
            assertEquals("rollback_paused", outcome.state());
            assertTrue(outcome.summary().startsWith("backend: rollback paused: rollback paused due to failure"),
                    outcome.summary());
        }
    }

    @Nested
    class OurFailureRules {

        @Test
        void threeFailuresOfTheNewVersionWithoutProgressFail() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1);

            pending(tracker.observe(snapshot(service, crashed("a"), crashed("b"), task("c").state("ready")), at(1)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    crashed("a"), crashed("b"), crashed("c"), task("d").state("ready")), at(2)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals(Optional.of("task: non-zero exit (1)"), outcome.taskError());
            assertEquals("backend: failed: 3 tasks of the new version failed one after another (0/1 running); "
                    + "last task error: task: non-zero exit (1)", outcome.summary());
        }

        @Test
        void progressBetweenFailuresStartsTheCountAgain() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(2);

            pending(tracker.observe(snapshot(service, crashed("a").slot(1), crashed("b").slot(1),
                    task("c").slot(1).state("ready"), task("d").slot(2).state("starting")), at(1)));
            // slot 2 comes up: progress
            pending(tracker.observe(snapshot(service, crashed("a").slot(1), crashed("b").slot(1),
                    task("c").slot(1).state("ready"), task("d").slot(2)), at(2)));
            pending(tracker.observe(snapshot(service, crashed("a").slot(1), crashed("b").slot(1),
                    crashed("c").slot(1), crashed("e").slot(1), task("f").slot(1).state("ready"), task("d").slot(2)),
                    at(3)));
            assertEquals(Verdict.FAILED, finished(tracker.observe(snapshot(service, crashed("a").slot(1),
                    crashed("b").slot(1), crashed("c").slot(1), crashed("e").slot(1), crashed("f").slot(1),
                    task("g").slot(1).state("ready"), task("d").slot(2)), at(4))).verdict());
        }

        @Test
        void failuresFromBeforeTheChangeDoNotCount() {
            ServiceTracker tracker = tracker(UPDATED);
            // only the replica count changed: the task spec is the same, so old failures are "up to date" too
            SwarmJson.Service service = replicated(2).updatedAt(T0);
            Instant before = T0.minusSeconds(300);

            assertEquals("updating: 1/2 running", pending(tracker.observe(snapshot(service,
                    crashed("a").createdAt(before), crashed("b").createdAt(before), crashed("c").createdAt(before),
                    task("d").slot(1).createdAt(before), task("e").slot(2).state("preparing")), at(1))));
        }

        @Test
        void aCreatedServiceCountsEveryFailureEvenWhenTheServiceWasWrittenAgainAfterItsFirstTask() {
            ServiceTracker tracker = tracker(CREATED);
            // the allocator (or anything else) writing the service later moves UpdatedAt past the first task
            SwarmJson.Service service = replicated(1).restart("none").updatedAt(T0.plusSeconds(5));
            SwarmJson.Task dead = task("a").createdAt(T0.plusSeconds(1)).failed("task: non-zero exit (3)");

            pending(tracker.observe(snapshot(service, dead), at(6)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, dead), at(9)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals(Optional.of("task: non-zero exit (3)"), outcome.taskError());
        }

        @Test
        void whileSwarmsUpdaterHandlesFailuresItsVerdictIsAwaited() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).failureAction("rollback").updateStatus("updating", "");

            pending(tracker.observe(snapshot(service, crashed("a"), crashed("b"), crashed("c"),
                    task("d").state("ready")), at(1)));
        }

        @Test
        void withFailureActionContinueOurRuleDecidesDuringTheUpdate() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).failureAction("continue").updateStatus("updating", "");

            assertEquals(Verdict.FAILED, finished(tracker.observe(snapshot(service, crashed("a"), crashed("b"),
                    crashed("c"), task("d").state("ready")), at(1))).verdict());
        }

        @Test
        void aStartFirstUpdateWhoseNewTaskWaitsForTheHostPortOfTheOldOneFailsNamingTheCauseAndTheFix() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).failureAction("pause").order("start-first").hostPort(8080, 80)
                    .updateStatus("updating", "update in progress");
            SwarmJson.Task waiting = task("new").state("pending")
                    .error("no suitable node (host-mode port already in use on 1 node)");

            assertEquals("updating: 0/1 running; last task error: no suitable node (host-mode port already in use on "
                    + "1 node)", pending(tracker.observe(snapshot(service, waiting), at(1))),
                    "Swarm's updater handles failures, but this is no failure it will ever see");
            pending(tracker.observe(snapshot(service, waiting), at(3.9)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, waiting), at(4)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals("backend: failed: start-first cannot replace the task: the new one needs host-mode port 8080, "
                    + "which the old one holds on every node the new one may run on, and Swarm stops the old task only "
                    + "once the new one runs (it would wait forever; the old version keeps running). Set "
                    + "deploy.update_config.order: stop-first, or leave a node free for the new task (0/1 running); "
                    + "last task error: no suitable node (host-mode port already in use on 1 node)", outcome.summary());
        }

        @Test
        void aHostPortInUseIsNoDeadlockForStopFirstUpdatesNorWhenTheTaskGetsANode() {
            SwarmJson.Task waiting = task("new").state("pending")
                    .error("no suitable node (host-mode port already in use on 1 node)");
            ServiceTracker stopFirst = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).order("stop-first").hostPort(8080, 80)
                    .updateStatus("updating", "update in progress");
            pending(stopFirst.observe(snapshot(service, waiting), at(1)));
            pending(stopFirst.observe(snapshot(service, waiting), at(20)));

            ServiceTracker startFirst = tracker(UPDATED);
            SwarmJson.Service spare = replicated(1).order("start-first").hostPort(8080, 80)
                    .updateStatus("updating", "update in progress");
            pending(startFirst.observe(snapshot(spare, waiting), at(1)));
            pending(startFirst.observe(snapshot(spare, task("new").state("starting")), at(3)));
            pending(startFirst.observe(snapshot(spare, waiting), at(4.5)));
            assertEquals(Verdict.FAILED, finished(startFirst.observe(snapshot(spare, waiting), at(7.5))).verdict(),
                    "the grace starts again when the task got a node in between");
        }

        @Test
        void aSlotNotReplacedUnderRestartConditionAnyDoesNotBlameTheCondition() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1).restart("any");
            SwarmJson.Task rejected = task("b").slot(1).failed("No such image: registry/app:nope");

            pending(tracker.observe(snapshot(service, rejected), at(1)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, rejected), at(4)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals(Optional.of("task b of the new version failed and Swarm started no replacement within 3s"),
                    outcome.reason());
        }

        @Test
        void aSlotSwarmWillNotRestartFailsAfterTheGracePeriod() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(2).restart("none");
            SwarmJson.Task up = task("a").slot(1);
            SwarmJson.Task dead = task("b").slot(2).failed("task: non-zero exit (3)");

            pending(tracker.observe(snapshot(service, up, dead), at(1)));
            pending(tracker.observe(snapshot(service, up, dead), at(3.9)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, up, dead), at(4)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals(Optional.of("task b of the new version failed and Swarm will not restart it: "
                    + "restart condition none or max_attempts reached"), outcome.reason());
            assertEquals("1/2 running", outcome.state());
            assertEquals(Optional.of("task: non-zero exit (3)"), outcome.taskError());
        }

        @Test
        void aFailedTaskWithAReplacementOnItsWayIsNotGivenUp() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1);
            for (int second = 1; second < 10; second++) {
                pending(tracker.observe(snapshot(service, crashed("a"), task("b").state("ready").desired("ready")),
                        at(second)));
            }
        }

        @Test
        void aServiceRemovedWhileWatchedFails() {
            ServiceOutcome outcome = finished(tracker(UPDATED).observe(
                    new ServiceSnapshot(Optional.empty(), List.of(), List.of(), List.of()), at(1)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals("backend: failed: the service was removed while its rollout was watched (removed)",
                    outcome.summary());
        }

        @Test
        void aTimeoutNamesTheLastStateAndTaskError() {
            ServiceTracker tracker = tracker(UPDATED);
            pending(tracker.observe(snapshot(replicated(2).updateStatus("updating", ""), task("a").slot(1),
                    task("b").slot(2).state("pending").error("no suitable node (insufficient resources on 1 node)")),
                    at(1)));

            ServiceOutcome outcome = tracker.timedOut(at(600));

            assertEquals(Verdict.TIMED_OUT, outcome.verdict());
            assertEquals("backend: timed out after 10m00s: updating: 1/2 running; last task error: no suitable "
                    + "node (insufficient resources on 1 node)", outcome.summary());
        }

        private SwarmJson.Task crashed(String id) {
            return task(id).failed("task: non-zero exit (1)");
        }
    }

    /**
     * Tasks waiting for what Swarm does not change by itself (a node that fits, an IP address, a node that went
     * down), and verdicts reached on fewer nodes than the rollout began with.
     */
    @Nested
    class StuckTasksAndLostNodes {

        private final List<SwarmJson.Node> twoNodes = List.of(node("n1"), node("n2"));

        private Step look(ServiceTracker tracker, SwarmJson.Service service, List<SwarmJson.Task> tasks,
                          List<SwarmJson.Node> nodes, double seconds) {
            return tracker.observe(snapshot(service, tasks, List.of(), nodes), at(seconds));
        }

        private void assertFailed(Step step, String summary) {
            ServiceOutcome outcome = finished(step);
            assertEquals(Verdict.FAILED, outcome.verdict(), outcome::summary);
            assertEquals(summary, outcome.summary());
        }

        @Test
        void aTaskSwarmFindsNoNodeForFailsAfterTheGraceWithSwarmsReasonAndTheConstraintNoNodeSatisfies() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1).constraints("node.labels.zone == mars");
            SwarmJson.Task unplaced = task("t").state("pending")
                    .error("no suitable node (scheduling constraints not satisfied on 2 nodes)");

            assertEquals("starting: 0/1 running; last task error: no suitable node (scheduling constraints not"
                    + " satisfied on 2 nodes)", pending(tracker.observe(snapshot(service, List.of(unplaced), List.of(),
                    twoNodes), at(1))));
            assertEquals("starting: 0/1 running; 1 task pending: no node fits; last task error: no suitable node"
                    + " (scheduling constraints not satisfied on 2 nodes)", pending(tracker.observe(snapshot(service,
                    List.of(unplaced), List.of(), twoNodes), at(2))), "reported from the second look on");
            pending(look(tracker, service, List.of(unplaced), twoNodes, 15.9));

            assertFailed(look(tracker, service, List.of(unplaced), twoNodes, 16),
                    "backend: failed: Swarm finds no node for task t of the new version (pending for 15.0s): no node"
                    + " satisfies the placement constraint node.labels.zone == mars (nodes: host-n1, host-n2); it waits"
                    + " until a node fits (0/1 running); last task error: no suitable node (scheduling constraints not"
                    + " satisfied on 2 nodes)");
        }

        /** An old task that is stopping still holds its port, node slot or address: its grace period is waited too. */
        @Test
        void whileSwarmsUpdateRunsAPendingTaskWaitsTheStopGracePeriodOfTheOldOneLonger() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).updateStatus("updating", "update in progress");
            SwarmJson.Task unplaced = task("t").state("pending")
                    .error("no suitable node (max replicas per node limit exceed)");

            pending(tracker.observe(snapshot(service, unplaced), at(1)));
            pending(tracker.observe(snapshot(service, unplaced), at(25.9)));

            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, unplaced), at(26)));
            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals(Optional.of("no suitable node (max replicas per node limit exceed)"), outcome.taskError());
            assertEquals(Optional.of("Swarm finds no node for task t of the new version (pending for 25.0s); it waits"
                    + " until a node fits"), outcome.reason(), "an available node satisfies the constraints: Swarm's"
                    + " own reason says the rest");
        }

        @Test
        void aTaskThatGetsANodeInTimeIsNoFailureAndAnotherWaitStartsTheGraceAgain() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(1).monitor(Duration.ofSeconds(5));
            SwarmJson.Task unplaced = task("t").state("pending").error("no suitable node (insufficient resources on 1 node)");

            pending(tracker.observe(snapshot(service, unplaced), at(1)));
            pending(tracker.observe(snapshot(service, unplaced), at(14)));
            pending(tracker.observe(snapshot(service, task("t").state("starting")), at(15)));
            pending(tracker.observe(snapshot(service, unplaced), at(16)));
            assertEquals("starting: 0/1 running; 1 task pending: no node fits; last task error: no suitable node"
                    + " (insufficient resources on 1 node)", pending(tracker.observe(snapshot(service, unplaced), at(30))));
            assertEquals(Verdict.FAILED, finished(tracker.observe(snapshot(service, unplaced), at(31))).verdict());
        }

        /** Swarm's allocator leaves a task in state new, without an error, when a network has no address left. */
        @Test
        void aTaskLeftWithoutAnAddressFailsAfterTheGrace() {
            ServiceTracker tracker = tracker(CREATED);
            SwarmJson.Service service = replicated(2);
            List<SwarmJson.Task> tasks = List.of(task("a").slot(1), task("b").slot(2).state("new"));

            assertEquals("starting: 1/2 running", pending(tracker.observe(snapshot(service, List.of(tasks.get(0)),
                    List.of(), twoNodes), at(0.5))));
            pending(look(tracker, service, tasks, twoNodes, 1));
            assertEquals("starting: 1/2 running; 1 task without an IP address (state new)",
                    pending(look(tracker, service, tasks, twoNodes, 2)));

            assertFailed(look(tracker, service, tasks, twoNodes, 16),
                    "backend: failed: Swarm has not allocated task b of the new version for 15.0s (state new: no IP"
                    + " address yet): a network it joins has no free address left (the manager logs \"could not find"
                    + " an available IP\"); give that network a larger subnet (ipam config) or fewer tasks (1/2 running)");
        }

        /**
         * Swarm's updater waits, without a timeout, for the new task it gave a node to run; when that node goes down
         * first, the orchestrator starts the slot elsewhere, but the updater waits on until the node is back.
         */
        @Test
        void anUpdateWaitingForATaskOnANodeThatWentDownFailsNamingTheNode() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(3).updateStatus("updating", "update in progress");
            List<SwarmJson.Task> tasks = List.of(task("new1").slot(1).node("n1"),
                    task("new2").slot(2).node("n2").state("assigned"));
            List<SwarmJson.Node> allUp = List.of(node("n1"), node("n2"), node("n3"));
            List<SwarmJson.Node> n2Down = List.of(node("n1"), node("n2").state("down"), node("n3"));

            assertEquals("updating: 1/3 running", pending(tracker.observe(snapshot(service, tasks, List.of(), allUp),
                    at(1))));
            List<SwarmJson.Task> restarted = List.of(task("new1").slot(1).node("n1"),
                    task("new2").slot(2).node("n2").state("assigned").desired("shutdown"), task("new3").slot(2).node("n3"));
            pending(look(tracker, service, restarted, n2Down, 5));
            assertEquals("updating: 2/3 running; Swarm's update waits for a task on host-n2 (down)",
                    pending(look(tracker, service, restarted, n2Down, 6)));

            assertFailed(look(tracker, service, restarted, n2Down, 20),
                    "backend: failed: Swarm's update has waited 15.0s for task new2 of the new version, which it"
                    + " gave to node host-n2 before host-n2 went down: it goes on only once host-n2 is back, or removed"
                    + " from the swarm (docker node rm --force host-n2) (2/3 running, without host-n2 (down))");
        }

        /**
         * Seen once a paused update had been sent again unchanged: Swarm reset the update status and left two slots on
         * the old spec, with nothing on its way to them. It will not replace them by itself.
         */
        @Test
        void slotsSwarmIsNotAtWorkOnWithNoUpdateInProgressFailAfterTheGrace() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(3);
            List<SwarmJson.Task> tasks = List.of(task("new2").slot(2));

            pending(look(tracker, service, List.of(task("new2").slot(2).state("starting")), twoNodes, 1));
            assertEquals("updating: 1/3 running", pending(look(tracker, service, tasks, twoNodes, 2)));
            pending(look(tracker, service, tasks, twoNodes, 15.9));

            assertFailed(look(tracker, service, tasks, twoNodes, 16), "backend: failed: Swarm is not at work on 2 of 3"
                    + " slots that run no task of the current spec: none is on its way and no update is in progress"
                    + " (15.0s), so Swarm will not replace them by itself; docker service update --force backend"
                    + " restarts the update (1/3 running)");
        }

        @Test
        void aNodeThatComesBackInTimeIsNoFailure() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = replicated(1).updateStatus("updating", "update in progress")
                    .monitor(Duration.ofSeconds(1));
            SwarmJson.Task assigned = task("new").node("n2").state("assigned");

            pending(tracker.observe(snapshot(service, List.of(assigned), List.of(), List.of(node("n1"),
                    node("n2").state("down"))), at(1)));
            pending(look(tracker, service, List.of(assigned), twoNodes, 10));
            pending(look(tracker, service, List.of(task("new").node("n2").since(at(17))), twoNodes, 17));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    List.of(task("new").node("n2").since(at(17))), List.of(), twoNodes), at(18)));
            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("1/1 running", outcome.state(), "the node is back: nothing to say about it");
        }

        /** Never "converged" silently while tasks are missing: the verdict names the nodes the rollout lost. */
        @Test
        void aGlobalServiceConvergedOnTheNodesLeftNamesTheNodesThatWentDownOrWereDrained() {
            ServiceTracker tracker = tracker(UPDATED);
            SwarmJson.Service service = global().monitor(Duration.ofSeconds(1));
            List<SwarmJson.Node> before = List.of(node("n1"), node("n2"), node("n3"), node("n4").availability("drain"));
            List<SwarmJson.Node> after = List.of(node("n1"), node("n2").state("down"), node("n3").availability("drain"),
                    node("n4").availability("drain"));

            assertEquals("updating: 1/3 running", pending(tracker.observe(snapshot(service,
                    List.of(task("a").node("n1")), List.of(), before), at(1))));
            pending(look(tracker, service, List.of(task("a").node("n1")), after, 2));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, List.of(task("a").node("n1")),
                    List.of(), after), at(3)));

            assertEquals(Verdict.CONVERGED, outcome.verdict());
            assertEquals("1/1 running, without host-n2 (down), host-n3 (drained)", outcome.state(),
                    "n4 was drained before the rollout began: not the rollout's news");
        }
    }

    @Nested
    class UnchangedServices {

        @Test
        void areHealthyWhenTheirTasksRun() {
            ServiceOutcome outcome = ServiceTracker.checkHealth(WatchedService.unchanged("svc1", "db"),
                    snapshot(replicated(1).updateStatus("completed", "update completed"), task("a")), T0, at(0.1));

            assertEquals(Verdict.HEALTHY, outcome.verdict());
            assertEquals("db: unchanged, healthy (1/1 running)", outcome.summary());
            assertTrue(!outcome.isFailure());
        }

        @Test
        void areDegradedWithTheirTaskErrorWhenTasksAreMissing() {
            ServiceOutcome outcome = ServiceTracker.checkHealth(WatchedService.unchanged("svc1", "db"),
                    snapshot(replicated(2), task("a").slot(1), task("b").slot(2).failed("task: non-zero exit (1)"),
                            task("c").slot(2).state("ready").desired("ready")), T0, at(0.1));

            assertEquals(Verdict.DEGRADED, outcome.verdict());
            assertEquals("db: unchanged, but not healthy: 1/2 running; last task error: task: non-zero exit (1)",
                    outcome.summary());
            assertTrue(!outcome.isFailure());
        }

        @Test
        void areHealthyWhileSwarmsUpdaterOnlyFinishesAnUpdateWhoseTasksRanForTheMonitorWindow() {
            // a redeploy seconds after a deploy: Swarm still counts down its delay and window, the tasks ran 5s
            SwarmJson.Service service = replicated(1).updateStatus("updating", "update in progress")
                    .monitor(Duration.ofSeconds(5));

            ServiceOutcome finishing = ServiceTracker.checkHealth(WatchedService.unchanged("svc1", "db"),
                    snapshot(service, task("a")), T0, at(7));
            ServiceOutcome justStarted = ServiceTracker.checkHealth(WatchedService.unchanged("svc1", "db"),
                    snapshot(service, task("a")), T0, at(4));

            assertEquals(Verdict.HEALTHY, finishing.verdict(), finishing::summary);
            assertEquals("db: unchanged, healthy (1/1 running (Swarm's update of it is finishing))", finishing.summary());
            assertEquals(Verdict.DEGRADED, justStarted.verdict(), "its task could still fail Swarm's update");
        }

        @Test
        void areDegradedWhenAnEarlierUpdateIsPaused() {
            ServiceOutcome outcome = ServiceTracker.checkHealth(WatchedService.unchanged("svc1", "db"),
                    snapshot(replicated(1).updateStatus("paused", "update paused due to failure"), task("a")),
                    T0, at(0.1));

            assertEquals(Verdict.DEGRADED, outcome.verdict());
            assertEquals("its update is paused: update paused due to failure, 1/1 running", outcome.state());
        }
    }

    /** Services the deploy left alone although it found them not converged or not healthy: watched like an update. */
    @Nested
    class UnhealthyUnchangedServices {

        private final WatchedService unhealthy = WatchedService.unhealthy("svc1", "backend");

        private SwarmJson.Task crashed(String id, double createdAt) {
            return task(id).createdAt(at(createdAt)).failed("task: non-zero exit (1)");
        }

        @Test
        void failuresBeforeTheWatchDoNotCountButThreeNewOnesFailTheDeployWithTheTaskError() {
            ServiceTracker tracker = tracker(unhealthy);
            SwarmJson.Service service = replicated(1).restart("any");

            // five old crashes of a service that has run for a while: not proof that it fails now
            List<SwarmJson.Task> old = List.of(crashed("o1", 1), crashed("o2", 2), crashed("o3", 3), crashed("o4", 4));
            SwarmJson.Task starting = task("s").createdAt(at(5)).state("starting");
            assertEquals("unchanged, not healthy: 0/1 running; last task error: task: non-zero exit (1)",
                    pending(tracker.observe(snapshot(service, concat(old, starting)), at(6))));

            pending(tracker.observe(snapshot(service, concat(old, crashed("n1", 5), crashed("n2", 7))), at(8)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service,
                    concat(old, crashed("n1", 5), crashed("n2", 7), crashed("n3", 9))), at(10)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertEquals("backend: unchanged, failed: 3 tasks of the current version failed one after another "
                    + "(0/1 running); last task error: task: non-zero exit (1)", outcome.summary());
        }

        @Test
        void aSlotSwarmGaveUpOnBeforeTheWatchFailsAfterTheGrace() {
            ServiceTracker tracker = tracker(unhealthy);
            SwarmJson.Service service = replicated(1).restart("none");

            pending(tracker.observe(snapshot(service, crashed("a", 1)), at(5)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, crashed("a", 1)), at(8)));

            assertEquals(Verdict.FAILED, outcome.verdict());
            assertTrue(outcome.summary().startsWith("backend: unchanged, failed: task a of the current version failed"
                    + " and Swarm will not restart it"), outcome::summary);
        }

        @Test
        void aPausedUpdateFailsAtOnce() {
            ServiceOutcome outcome = finished(tracker(unhealthy).observe(snapshot(replicated(1)
                    .updateStatus("paused", "update paused due to failure or early termination of task x"),
                    crashed("x", 1)), at(1)));

            assertEquals(Verdict.PAUSED, outcome.verdict());
            assertTrue(outcome.summary().startsWith("backend: unchanged, update paused: update paused due to failure"),
                    outcome::summary);
        }

        @Test
        void aServiceSwarmRolledBackToTheSpecTheFilesAskForConvergesOnceItRuns() {
            ServiceTracker tracker = tracker(unhealthy);
            SwarmJson.Service service = replicated(1).monitor(Duration.ofSeconds(1))
                    .updateStatus("rollback_completed", "rollback completed");

            pending(tracker.observe(snapshot(service, task("a").createdAt(at(1)).state("starting")), at(2)));
            pending(tracker.observe(snapshot(service, task("a").createdAt(at(1)).since(at(3))), at(3)));
            ServiceOutcome outcome = finished(tracker.observe(snapshot(service, task("a").createdAt(at(1)).since(at(3))),
                    at(4)));

            assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
            assertEquals("backend: unchanged, converged (1/1 running) after 4.0s", outcome.summary());
        }

        private static SwarmJson.Task[] concat(List<SwarmJson.Task> tasks, SwarmJson.Task... more) {
            List<SwarmJson.Task> all = new java.util.ArrayList<>(tasks);
            all.addAll(List.of(more));
            return all.toArray(SwarmJson.Task[]::new);
        }
    }
}
