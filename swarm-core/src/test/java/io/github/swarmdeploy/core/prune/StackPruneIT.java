package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.lock.LockOptions;
import io.github.swarmdeploy.core.lock.StackLock;
import io.github.swarmdeploy.core.lock.StackLockedException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.prune.SwarmFixture.Created;
import io.github.swarmdeploy.core.prune.SwarmFixture.Mounts;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prune against the sandbox swarm: what goes, what stays, and that a rollback still works afterwards. */
class StackPruneIT {

    private final List<Event> events = new ArrayList<>();
    private final EventListener listener = events::add;

    @Test
    void removesExactlyTheUnreferencedOldVersionsAndARollbackStillWorks() {
        try (SwarmFixture swarm = SwarmFixture.open()) {
            List<Created> v = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                v.add(swarm.config("app_conf", i, "version " + i + "\n"));
            }
            Created web = swarm.service("web", Mounts.config("/app.conf", v.get(1)));
            swarm.update(web, Mounts.config("/app.conf", v.get(3))); // current v4, previous v2
            SandboxSwarm.await(web.name() + " running version 4 of app.conf after its update",
                    Duration.ofSeconds(90), () -> SandboxSwarm.fileInRunningTask(swarm.engine, web.name(), "/app.conf"), "version 4\n"::equals);
            String otherStack = swarm.stack + "other";
            Created otherStacksOld = swarm.create(ObjectKind.CONFIG, otherStack + "_app_conf-v1",
                    SwarmFixture.managedLabels(otherStack, "app_conf", "o1"), "o1");
            swarm.create(ObjectKind.CONFIG, otherStack + "_app_conf-v2",
                    SwarmFixture.managedLabels(otherStack, "app_conf", "o2"), "o2");
            Created external = swarm.create(ObjectKind.SECRET, swarm.stack + "ext_tls", Map.of(), "external");

            PruneReport report = new StackPrune(swarm.engine.swarm(), listener).run(swarm.stack,
                    PruneOptions.defaults().withKeep(1));

            assertEquals(new TreeSet<>(Set.of(v.get(1).name(), v.get(3).name(), v.get(4).name())),
                    swarm.namesOfStack(ObjectKind.CONFIG), "configs of the stack left on the swarm");
            assertEquals(List.of(v.get(2).name(), v.get(0).name()), report.removedNames());
            assertEquals(3, report.keptCount(ObjectKind.CONFIG));
            assertTrue(swarm.exists(ObjectKind.CONFIG, otherStacksOld), "another stack's old config was removed");
            assertTrue(swarm.exists(ObjectKind.SECRET, external), "an external secret was removed");
            assertTrue(messages().contains("= kept config " + v.get(1).name()
                    + ": in the previous spec of service " + web.name() + " (its rollback target)"), this::log);
            assertTrue(messages().contains("- removed config " + v.get(0).name()
                    + ": used by no service's current or previous spec, and not among the newest 1 of 'app_conf'"), this::log);
            assertTrue(messages().contains("Pruned stack " + swarm.stack
                    + ": removed 2 configs, 0 secrets, 0 networks; kept 3 configs, 0 secrets, 0 networks (keep 1 per key)"),
                    this::log);

            Processes.run("docker", "service", "rollback", "--detach", web.name());

            SandboxSwarm.await(web.name() + " running version 2 of app.conf after the rollback",
                    Duration.ofSeconds(90), () -> SandboxSwarm.fileInRunningTask(swarm.engine, web.name(), "/app.conf"), "version 2\n"::equals);
        }
    }

    @Test
    void aDryRunListsWhatWouldGoAndChangesNothing() {
        try (SwarmFixture swarm = SwarmFixture.open()) {
            for (int i = 1; i <= 4; i++) {
                swarm.config("nginx_conf", i, "server " + i);
            }
            swarm.secret("api_key", 1, "k1");
            swarm.secret("api_key", 2, "k2");
            swarm.network("old", true);
            Map<ObjectKind, TreeSet<String>> before = snapshotOfStack(swarm);

            PruneReport report = new StackPrune(swarm.engine.swarm(), listener).run(swarm.stack,
                    new PruneOptions(1, true, true));

            assertEquals(before, snapshotOfStack(swarm), "a dry run changed the swarm");
            assertEquals(List.of(swarm.stack + "_nginx_conf-v3", swarm.stack + "_nginx_conf-v2",
                    swarm.stack + "_nginx_conf-v1", swarm.stack + "_api_key-v1", swarm.stack + "_old"),
                    report.removedNames());
            assertTrue(report.dryRun());
            assertTrue(report.nodeCleanup().isEmpty(), "the node cleanup ran in a dry run");
            assertTrue(messages().contains("- would remove network " + swarm.stack + "_old: used by no service's current"
                    + " or previous spec"), this::log);
            assertTrue(messages().contains("Dry run of prune for stack " + swarm.stack + ", nothing changed: would remove "
                    + "3 configs, 1 secret, 1 network; would keep 1 config, 1 secret, 0 networks (keep 1 per key)"), this::log);
        }
    }

    /**
     * Simulates a secret rotated through {@code environment:} (each value a new content-hashed version
     * of one key) until the deploy engine creates such versions itself.
     */
    @Test
    void aRotatedSecretsOldValuesArePrunedLikeConfigsWithoutShowingAValue() {
        try (SwarmFixture swarm = SwarmFixture.open()) {
            List<Created> v = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                v.add(swarm.secret("db_password", i, "s3cret-value-" + i));
            }
            Created db = swarm.service("db", Mounts.secret("db_password", v.get(1)));
            swarm.update(db, Mounts.secret("db_password", v.get(2)));

            PruneReport report = new StackPrune(swarm.engine.swarm(), listener).run(swarm.stack,
                    PruneOptions.defaults().withKeep(1));

            assertEquals(List.of(v.get(0).name()), report.removedNames());
            assertEquals(new TreeSet<>(Set.of(v.get(1).name(), v.get(2).name())), swarm.namesOfStack(ObjectKind.SECRET));
            assertFalse(log().contains("s3cret-value"), "a secret value reached the events");
        }
    }

    @Test
    void removesOnlyNetworksThatNoCurrentOrPreviousSpecUses() {
        try (SwarmFixture swarm = SwarmFixture.open()) {
            Created before = swarm.network("before", true);
            Created now = swarm.network("now", true);
            Created unused = swarm.network("unused", true);
            Created notOurs = swarm.network("by_docker", false);
            Created api = swarm.service("api", Mounts.network(before));
            swarm.update(api, Mounts.network(now));

            PruneReport report = new StackPrune(swarm.engine.swarm(), listener).run(swarm.stack, PruneOptions.defaults());

            assertEquals(List.of(unused.name()), report.removedNames());
            assertFalse(swarm.exists(ObjectKind.NETWORK, unused));
            assertTrue(swarm.exists(ObjectKind.NETWORK, before) && swarm.exists(ObjectKind.NETWORK, now)
                    && swarm.exists(ObjectKind.NETWORK, notOurs), "a network in use or not ours was removed");
            assertTrue(messages().contains("= kept network " + notOurs.name()
                    + ": not created by swarm-deploy (no io.github.swarmdeploy.managed=true label)"), this::log);
        }
    }

    @Test
    void aVersionThatBecameInUseAfterThePlanIsKeptWithANote() {
        try (SwarmFixture swarm = SwarmFixture.open()) {
            Created v1 = swarm.config("app_conf", 1, "one");
            Created v2 = swarm.config("app_conf", 2, "two");
            StackPrune prune = new StackPrune(swarm.engine.swarm(), listener);
            PrunePlan plan = prune.plan(swarm.stack, 1);
            assertEquals(List.of(v1.name()), plan.toRemove().stream().map(verdict -> verdict.object().name()).toList());

            swarm.service("late", Mounts.config("/app.conf", v1)); // e.g. a deploy reverting to old content
            PruneReport report = prune.apply(plan, false);

            assertTrue(swarm.exists(ObjectKind.CONFIG, v1), "a config in use was removed");
            assertTrue(swarm.exists(ObjectKind.CONFIG, v2));
            assertEquals(List.of(), report.removedNames());
            assertTrue(report.kept().stream().anyMatch(verdict -> verdict.object().name().equals(v1.name())
                    && verdict.reasons().get(0) instanceof PruneReason.InUseOnRemoval), () -> report.kept().toString());
            assertTrue(log().contains("= kept config " + v1.name() + ": became in use before it could be removed ("),
                    this::log);
        }
    }

    @Test
    void waitsForTheStacksDeployLockAndRemovesNothingWhileADeployHoldsIt() {
        try (SwarmFixture swarm = SwarmFixture.open()) {
            Created v1 = swarm.config("app_conf", 1, "one");
            Created v2 = swarm.config("app_conf", 2, "two");
            StackPrune prune = new StackPrune(swarm.engine.swarm(), listener);
            try (StackLock deploy = StackLock.acquire(swarm.engine.swarm(), swarm.stack,
                    LockOptions.defaults("a deploy in progress").withWait(Duration.ZERO), Clock.systemUTC(),
                    EventListener.IGNORE)) {

                StackLockedException locked = assertThrows(StackLockedException.class, () -> prune.run(swarm.stack,
                        new PruneOptions(0, false, false).withLock(Duration.ofSeconds(1), Duration.ofMinutes(30), "prune-it")));
                PruneReport dryRun = prune.run(swarm.stack, new PruneOptions(0, true, false));

                assertTrue(locked.getMessage().contains("a deploy in progress"), locked::getMessage);
                assertTrue(swarm.exists(ObjectKind.CONFIG, v1) && swarm.exists(ObjectKind.CONFIG, v2),
                        "prune removed a config while a deploy held the stack");
                assertEquals(List.of(v2.name(), v1.name()), dryRun.removedNames(), "a dry run needs no lock");
                assertFalse(log().contains(deploy.name()), "the deploy lock was listed as a stack object:\n" + log());
            }

            PruneReport report = prune.run(swarm.stack, new PruneOptions(0, false, false));

            assertEquals(List.of(v2.name(), v1.name()), report.removedNames(), "prune after the deploy released its lock");
        }
    }

    private static Map<ObjectKind, TreeSet<String>> snapshotOfStack(SwarmFixture swarm) {
        return Map.of(ObjectKind.CONFIG, swarm.namesOfStack(ObjectKind.CONFIG),
                ObjectKind.SECRET, swarm.namesOfStack(ObjectKind.SECRET),
                ObjectKind.NETWORK, swarm.namesOfStack(ObjectKind.NETWORK));
    }

    private List<String> messages() {
        return events.stream().map(Event::message).toList();
    }

    private String log() {
        return String.join("\n", messages());
    }
}
