package io.github.swarmdeploy.core.lock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.naming.StackLabels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every decision of the lease protocol, from what a waiter saw and the time: no engine, no clock, no sleep. */
class LeaseDeciderTest {

    private static final String STACK = "shop";
    private static final Instant T0 = Instant.parse("2024-07-17T10:00:00Z");
    private static final LockOptions OPTIONS = LockOptions.defaults("bob@laptop").withWait(Duration.ofMinutes(5))
            .withTtl(Duration.ofMinutes(30)).withLease(Duration.ofSeconds(30));

    private final LeaseDecider decider = new LeaseDecider(STACK, OPTIONS, T0);

    /** A lock of the stack held by alice since {@code since}, at version {@code version}, last written {@code updatedAt}. */
    private static SwarmDataObject lock(long version, Instant since, Instant updatedAt, boolean withLease) {
        Map<String, String> labels = new HashMap<>();
        labels.put(StackLabels.NAMESPACE, STACK);
        labels.put(StackLabels.LOCK_HOLDER, "alice@ci");
        labels.put(StackLabels.LOCK_SINCE, since.toString());
        if (withLease) {
            labels.put(StackLabels.LOCK_LEASE, "PT30S");
        }
        return new SwarmDataObject("lock1", "shop_deploy-lock", version, labels, Optional.of(since),
                Optional.of(updatedAt), JsonNodeFactory.instance.objectNode());
    }

    private static Supplier<Optional<Instant>> engineClock(Instant engineNow) {
        return () -> Optional.of(engineNow);
    }

    private LeaseDecider.Decision next(SwarmDataObject lock, Instant now, Instant engineNow) {
        return decider.next(Optional.of(lock), now, engineClock(engineNow));
    }

    @Test
    void noLockAnyMoreMeansCreateItAgainUntilTheWaitIsOver() {
        assertInstanceOf(LeaseDecider.Create.class, decider.next(Optional.empty(), T0.plusSeconds(10), Optional::empty));

        LeaseDecider.Decision late = decider.next(Optional.empty(), T0.plus(Duration.ofMinutes(6)), Optional::empty);

        assertEquals(new LeaseDecider.GiveUp("cannot take the deploy lock shop_deploy-lock of stack shop: the engine"
                + " refuses to create it but lists no such config"), late);
    }

    @Test
    void aConfigWithoutTheLockLabelsIsRefusedNeverTakenOverHoweverOld() {
        SwarmDataObject handMade = new SwarmDataObject("cfg9", "shop_deploy-lock", 7, Map.of(),
                Optional.of(Instant.parse("2020-01-01T00:00:00Z")), Optional.empty(), JsonNodeFactory.instance.objectNode());

        LeaseDecider.Decision decision = next(handMade, T0, T0);

        assertEquals(new LeaseDecider.Refuse("cannot take the deploy lock of stack shop: a config named"
                + " shop_deploy-lock (ID cfg9, created 2020-01-01T00:00:00Z) exists, and swarm-deploy did not make it"
                + " (a deploy lock carries the labels com.docker.stack.namespace=shop and"
                + " io.github.swarmdeploy.lock.holder); it was left alone and nothing was changed. If nobody needs"
                + " that config, remove it (docker config rm shop_deploy-lock); otherwise deploy the stack under"
                + " another name (StackSource.stackName)"), decision);
    }

    @Test
    void aLockOfAnotherStacksNamespaceIsNotOurs() {
        Map<String, String> labels = new HashMap<>(lock(1, T0, T0, true).labels());
        labels.put(StackLabels.NAMESPACE, "other");
        SwarmDataObject foreign = new SwarmDataObject("x", "shop_deploy-lock", 1, labels, Optional.empty(),
                Optional.empty(), JsonNodeFactory.instance.objectNode());

        assertInstanceOf(LeaseDecider.Refuse.class, next(foreign, T0, T0));
    }

    @Test
    void aLiveHolderIsWaitedForAndAnnouncedOnce() {
        SwarmDataObject held = lock(5, T0.minusSeconds(60), T0.minusSeconds(2), true);

        LeaseDecider.Decision first = next(held, T0, T0);
        LeaseDecider.Decision second = next(held, T0.plusSeconds(1), T0.plusSeconds(1));

        assertEquals(new LeaseDecider.Wait("alice@ci", Optional.of("waiting for the deploy of stack shop by alice@ci"
                + " (since 2024-07-17T09:59:00Z) to finish, at most 5m0s")), first);
        assertEquals(new LeaseDecider.Wait("alice@ci", Optional.empty()), second);
    }

    @Test
    void aNewHolderIsAnnouncedAgain() {
        next(lock(5, T0.minusSeconds(60), T0, true), T0, T0);
        Map<String, String> labels = new HashMap<>(lock(9, T0, T0, true).labels());
        labels.put(StackLabels.LOCK_HOLDER, "carol@ci");
        SwarmDataObject carols = new SwarmDataObject("lock2", "shop_deploy-lock", 9, labels, Optional.of(T0),
                Optional.of(T0), JsonNodeFactory.instance.objectNode());

        LeaseDecider.Decision decision = next(carols, T0.plusSeconds(1), T0.plusSeconds(1));

        assertTrue(((LeaseDecider.Wait) decision).announcement().orElseThrow().contains("by carol@ci"), decision::toString);
    }

    @Test
    void aLockWhoseVersionDidNotMoveForLongerThanItsLeaseIsTakenOver() {
        SwarmDataObject held = lock(5, T0.minusSeconds(60), T0.minusSeconds(10), true);
        assertInstanceOf(LeaseDecider.Wait.class, next(held, T0, T0)); // 10s silent, lease 30s

        LeaseDecider.Decision decision = next(held, T0.plusSeconds(21), T0.plusSeconds(21)); // same version: 31s

        assertEquals(new LeaseDecider.TakeOver("the deploy lock shop_deploy-lock held by alice@ci since"
                + " 2024-07-17T09:59:00Z is stale: no heartbeat for 31s (its lease is 30s); took it over"), decision);
    }

    @Test
    void aHeartbeatMovesTheVersionAndRestartsTheSilence() {
        next(lock(5, T0.minusSeconds(60), T0.minusSeconds(10), true), T0, T0);

        // 40s after the first look, but the holder refreshed 1s ago: version 6
        LeaseDecider.Decision decision = next(lock(6, T0.minusSeconds(60), T0.plusSeconds(39), true),
                T0.plusSeconds(40), T0.plusSeconds(40));

        assertInstanceOf(LeaseDecider.Wait.class, decision);
    }

    @Test
    void theAgeOfAVersionIsTheEnginesNotTheWaitersClock() {
        // the waiter's clock is an hour ahead of the engine's: the lock was written 5s ago by the engine's clock
        Instant waiterNow = T0.plus(Duration.ofHours(1));
        LeaseDecider waiter = new LeaseDecider(STACK, OPTIONS, waiterNow);
        SwarmDataObject held = lock(5, waiterNow.minusSeconds(60), T0.minusSeconds(5), true);

        assertInstanceOf(LeaseDecider.Wait.class, waiter.next(Optional.of(held), waiterNow, engineClock(T0)));
        // and by the engine's clock it was already 25s old: 6 more seconds on the waiter's clock make it stale
        SwarmDataObject older = lock(7, waiterNow.minusSeconds(60), T0.minusSeconds(25), true);
        assertInstanceOf(LeaseDecider.Wait.class, waiter.next(Optional.of(older), waiterNow, engineClock(T0)));
        assertInstanceOf(LeaseDecider.TakeOver.class, waiter.next(Optional.of(older), waiterNow.plusSeconds(6),
                engineClock(T0.plusSeconds(6))));
    }

    @Test
    void anEngineClockBehindTheLocksTimestampCountsAsJustWritten() {
        SwarmDataObject held = lock(5, T0.minusSeconds(60), T0.plusSeconds(100), true);

        LeaseDecider.Sighting sighting = LeaseDecider.sight(held, null, T0, engineClock(T0));

        assertEquals(T0, sighting.unchangedSince(), "never negatively old");
        assertEquals(T0, LeaseDecider.sight(held, null, T0, Optional::empty).unchangedSince(), "engine clock unknown");
    }

    @Test
    void theEnginesClockIsAskedOnlyForAVersionNotSeenBefore() {
        AtomicInteger asked = new AtomicInteger();
        Supplier<Optional<Instant>> engine = () -> {
            asked.incrementAndGet();
            return Optional.of(T0);
        };
        SwarmDataObject held = lock(5, T0.minusSeconds(60), T0, true);

        decider.next(Optional.of(held), T0, engine);
        decider.next(Optional.of(held), T0.plusSeconds(1), engine);
        decider.next(Optional.of(lock(6, T0.minusSeconds(60), T0, true)), T0.plusSeconds(2), engine);

        assertEquals(2, asked.get());
    }

    @Test
    void aLockOlderThanTheTimeToLiveIsTakenOverEvenWithAHeartbeat() {
        SwarmDataObject hung = lock(5, T0.minus(Duration.ofMinutes(31)), T0, true);

        assertEquals(new LeaseDecider.TakeOver("the deploy lock shop_deploy-lock held by alice@ci since"
                + " 2024-07-17T09:29:00Z is stale: older than LockOptions.ttl (30m0s); took it over"), next(hung, T0, T0));
    }

    @Test
    void aLockOfAnOlderVersionWithoutLeaseIsStaleOnlyByAge() {
        SwarmDataObject young = lock(5, T0.minus(Duration.ofMinutes(10)), T0.minus(Duration.ofMinutes(10)), false);
        assertInstanceOf(LeaseDecider.Wait.class, next(young, T0, T0), "no lease: silence alone is no staleness");

        Map<String, String> labels = new HashMap<>(young.labels());
        labels.remove(StackLabels.LOCK_SINCE);
        SwarmDataObject ageless = new SwarmDataObject("lock1", "shop_deploy-lock", 6, labels, Optional.empty(),
                Optional.empty(), JsonNodeFactory.instance.objectNode());
        LeaseDecider.Decision decision = next(ageless, T0, T0);
        assertEquals(new LeaseDecider.TakeOver("the deploy lock shop_deploy-lock held by alice@ci since an unknown time"
                + " is stale: older than LockOptions.ttl (30m0s); took it over"), decision);
    }

    @Test
    void afterTheWaitTheDeployGivesUpNamingTheHolderAndWhatHappensNext() {
        Instant late = T0.plus(Duration.ofMinutes(5)).plusSeconds(1);
        LeaseDecider withLease = new LeaseDecider(STACK, OPTIONS, T0);
        LeaseDecider.Decision leased = withLease.next(Optional.of(lock(5, T0, late.minusSeconds(3), true)), late,
                engineClock(late));
        assertEquals(new LeaseDecider.GiveUp("stack shop is being deployed by alice@ci (lock shop_deploy-lock taken at"
                + " 2024-07-17T10:00:00Z, last heartbeat 3s ago); gave up after waiting 5m0s (LockOptions.maxWait). If that"
                + " deploy died, its lock goes stale 30s after its last heartbeat and the next deploy takes it over."),
                leased);

        LeaseDecider.Decision old = new LeaseDecider(STACK, OPTIONS, T0).next(
                Optional.of(lock(5, T0, late, false)), late, engineClock(late));
        assertEquals(new LeaseDecider.GiveUp("stack shop is being deployed by alice@ci (lock shop_deploy-lock taken at"
                + " 2024-07-17T10:00:00Z); gave up after waiting 5m0s (LockOptions.maxWait). If that deploy is dead, remove"
                + " the lock: docker config rm shop_deploy-lock"), old);
    }

    @Test
    void theHeartbeatLearnsItLostTheLockFromTheTakenOverLabel() {
        SwarmDataObject own = lock(5, T0, T0, true);
        assertEquals(Optional.empty(), LeaseDecider.lostAccordingTo(own, OPTIONS));

        Map<String, String> labels = new HashMap<>(own.labels());
        labels.put(StackLabels.LOCK_TAKEN_OVER_BY, "bob@laptop");
        SwarmDataObject takenOver = new SwarmDataObject("lock1", "shop_deploy-lock", 6, labels, Optional.of(T0),
                Optional.of(T0), JsonNodeFactory.instance.objectNode());

        assertEquals(Optional.of("was taken over by bob@laptop, who found it stale (no heartbeat of this deploy for"
                + " longer than its lease, 30s, or older than LockOptions.ttl, 30m0s)"),
                LeaseDecider.lostAccordingTo(takenOver, OPTIONS));
    }
}
