package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.lock.RunStoppedException;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.ServiceVerdictReached;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.rollout.WatchedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a deploy that cannot finish (engine lost, JVM shut down) says it did, and how it is stopped. */
class DeployJournalTest {

    private static final Change NETWORK = Change.of(Change.Kind.NETWORK, "shop_default", Change.Action.CREATE);
    private static final Change WEB = Change.of(Change.Kind.SERVICE, "shop_web", Change.Action.UPDATE);
    private static final Change API = Change.of(Change.Kind.SERVICE, "shop_api", Change.Action.CREATE);
    private static final Change WORKER = Change.of(Change.Kind.SERVICE, "shop_worker", Change.Action.UPDATE);
    private static final Change DB = Change.of(Change.Kind.SERVICE, "shop_db", Change.Action.UNCHANGED);

    private final DeployJournal journal = new DeployJournal();

    private static Plan plan() {
        return new Plan("shop", List.of(new Plan.NetworkStep(NETWORK, null)), List.of(), List.of(),
                List.of(step(WEB), step(API), step(WORKER), step(DB)))
                .withUnhealthy(Map.of("shop_db", "not healthy: 0/1 running"));
    }

    private static Plan.ServiceStep step(Change change) {
        return new Plan.ServiceStep(change, Optional.empty(), Optional.empty(), Optional.empty(), "app:1");
    }

    /** A change that goes through, as the applier reports it. */
    private void apply(Change change) {
        journal.change(change, () -> {
            journal.on(new DeployStepDone(change, "id-" + change.name()));
            return "id";
        });
    }

    private static ServiceVerdictReached converged(String name) {
        return new ServiceVerdictReached(new ServiceOutcome(WatchedService.updated("id-" + name, name),
                Verdict.CONVERGED, "1/1 running", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.EPOCH, Instant.EPOCH));
    }

    @Test
    void saysWhatWasAppliedWhatWasNotAndWhichRolloutsNobodySawEnd() {
        journal.planned(plan());
        journal.on(new DeployStepDone(NETWORK, "n1"));
        apply(WEB);
        apply(WORKER);
        journal.on(converged("shop_worker"));
        assertThrows(IllegalStateException.class, () -> journal.change(API, () -> {
            throw new IllegalStateException("connection reset");
        }));

        assertEquals("applied: created network shop_default, updated service shop_web, updated service shop_worker;"
                + " sent without an answer (may or may not be applied): create service shop_api;"
                + " rollout not checked: shop_web, shop_api, shop_db (Swarm goes on with them; deploying the same files"
                + " again watches them to the end)", journal.summary());
    }

    @Test
    void beforeThePlanNothingWasChanged() {
        assertEquals("nothing was changed (the deploy had not finished planning)", journal.summary());
    }

    @Test
    void aStoppedDeployMakesNoFurtherChange() {
        journal.planned(plan());
        apply(WEB);
        journal.stop(Duration.ofSeconds(1));
        AtomicBoolean sent = new AtomicBoolean();

        RunStoppedException stopped = assertThrows(RunStoppedException.class,
                () -> journal.change(API, () -> sent.getAndSet(true)));

        assertFalse(sent.get(), "nothing is sent once stopped");
        assertEquals("stopped before create service shop_api: the JVM is shutting down", stopped.getMessage());
        assertTrue(journal.summary().contains("not applied: create network shop_default, create service shop_api, update"
                + " service shop_worker"),
                journal::summary);
    }

    @Test
    void stoppingWaitsForTheChangeUnderWaySoThatTheSummaryIsWhatHappened() throws Exception {
        journal.planned(plan());
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<Void> update = CompletableFuture.runAsync(() -> journal.change(WEB, () -> {
            sending.countDown();
            await(answer);
            journal.on(new DeployStepDone(WEB, "w1"));
            return "w1";
        }));
        await(sending);

        CompletableFuture<String> stop = CompletableFuture.supplyAsync(() -> {
            journal.stop(Duration.ofMinutes(1));
            return journal.summary();
        });
        answer.countDown();

        assertTrue(stop.get(1, TimeUnit.MINUTES).startsWith("applied: updated service shop_web;"), stop::join);
        update.get(1, TimeUnit.MINUTES);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(1, TimeUnit.MINUTES));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
