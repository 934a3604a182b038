package io.github.swarmdeploy.it;

import com.github.dockerjava.api.model.Config;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mvn swarm:prune} in a real Maven build against the sandbox swarm. */
class PruneGoalIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    private final List<String> services = new ArrayList<>();
    private final List<String> configs = new ArrayList<>();

    @Test
    void dryRunChangesNothingThenPruneKeepsTheRollbackTargetAndRemovesTheRest() {
        String stack = SandboxSwarm.uniqueStack("prune");
        String other = SandboxSwarm.uniqueStack("prune-other");
        try {
            List<String> v = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                v.add(managedConfig(stack, "app_conf", i));
            }
            String service = service(stack + "_web", v.get(1));
            update(service, stack + "_web", v.get(2)); // current v3, previous v2; v4 newest, v1 unused
            String othersOld = managedConfig(other, "app_conf", 1);
            String external = config(stack + "-external", Map.of());
            Set<String> before = configNames();

            MavenBuild.Result dryRun = MavenBuild.of("prune").goals("swarm:prune")
                    .property("swarm.stack", stack).property("swarm.prune.keep", "1")
                    .property("swarm.dryRun", "true").property("swarm.prune.engine", "true").run();

            assertTrue(dryRun.succeeded(), dryRun::toString);
            assertEquals(before, configNames(), "the dry run changed configs");
            assertTrue(dryRun.log().contains("- would remove config " + v.get(0) + ": "), dryRun::toString);
            assertTrue(dryRun.log().contains("Dry run of prune for stack " + stack + ", nothing changed: would remove"
                    + " 1 config, 0 secrets, 0 networks"), dryRun::toString);
            assertTrue(dryRun.log().contains("[INFO] Dry run: the node cleanup (stopped containers, dangling images,"
                    + " unused networks, build cache) on "), dryRun::toString);

            MavenBuild.Result prune = MavenBuild.of("prune").goals("swarm:prune")
                    .property("swarm.stack", stack).property("swarm.prune.keep", "1").run();

            assertTrue(prune.succeeded(), prune::toString);
            assertEquals(new TreeSet<>(Set.of(v.get(1), v.get(2), v.get(3))), stackConfigNames(stack));
            assertTrue(configNames().containsAll(Set.of(othersOld, external)), "another stack's or an external config went");
            assertTrue(prune.log().contains("[INFO] - removed config " + v.get(0) + ": used by no service's current or"
                    + " previous spec, and not among the newest 1 of 'app_conf'"), prune::toString);
            assertTrue(prune.log().contains("[INFO] = kept config " + v.get(1) + ": in the previous spec of service "
                    + stack + "_web (its rollback target)"), prune::toString);
            assertTrue(prune.log().contains("[INFO] = kept config " + v.get(3) + ": the newest version of 'app_conf'"
                    + " (keep 1)"), prune::toString);
            assertTrue(prune.log().contains("[INFO] Pruned stack " + stack + ": removed 1 config, 0 secrets, 0 networks;"
                    + " kept 3 configs, 0 secrets, 0 networks (keep 1 per key)"), prune::toString);
        } finally {
            cleanUp();
        }
    }

    @Test
    void stackFromEnvSkipAndBadInput() {
        String env = SandboxSwarm.uniqueStack("env").replace("-", "");
        String stack = "prune-sample_" + env;
        try {
            String v1 = managedConfig(stack, "settings", 1);
            String v2 = managedConfig(stack, "settings", 2);
            Set<String> before = configNames();

            MavenBuild.Result badKeep = MavenBuild.of("prune").goals("swarm:prune")
                    .property("env", env).property("swarm.prune.keep", "-1").run();
            assertFalse(badKeep.succeeded(), badKeep::toString);
            assertTrue(badKeep.log().contains("swarm.prune.keep must be 0 or more (versions kept per key), was -1"),
                    badKeep::toString);
            assertEquals(before, configNames(), "a failed prune changed configs");

            MavenBuild.Result noStack = MavenBuild.of("prune").goals("swarm:prune").run();
            assertFalse(noStack.succeeded(), noStack::toString);
            assertTrue(noStack.log().contains("swarm:prune needs a stack: give -Denv=<env>"), noStack::toString);

            MavenBuild.Result skipped = MavenBuild.of("prune").goals("swarm:prune")
                    .property("env", env).property("swarm.prune.keep", "0").property("swarm.prune.skip", "true").run();
            assertTrue(skipped.succeeded(), skipped::toString);
            assertTrue(skipped.log().contains("Skipping swarm:prune: swarm.prune.skip is set"), skipped::toString);
            assertEquals(before, configNames(), "a skipped prune changed configs");

            MavenBuild.Result prune = MavenBuild.of("prune").goals("swarm:prune")
                    .property("env", env).property("swarm.prune.keep", "0").run();
            assertTrue(prune.succeeded(), prune::toString);
            assertTrue(prune.log().contains("- removed config " + v1 + ": "), prune::toString);
            assertTrue(prune.log().contains("- removed config " + v2 + ": "), prune::toString);
            assertEquals(Set.of(), stackConfigNames(stack));
        } finally {
            cleanUp();
        }
    }

    /**
     * swarm:prune takes the stack's deploy lock with the same swarm.lock.* parameters as swarm:deploy: it waits
     * {@code swarm.lock.wait} while a deploy holds it (then fails naming the holder, removing nothing), and takes
     * over a lock older than {@code swarm.lock.ttl}.
     */
    @Test
    void pruneWaitsForTheDeployLockAsLongAsSwarmLockWaitAndTakesOverOneOlderThanSwarmLockTtl() {
        String stack = SandboxSwarm.uniqueStack("prune-lock");
        try {
            String v1 = managedConfig(stack, "settings", 1);
            // a deploy in progress elsewhere (written as an older swarm-deploy did: no lease, so only its age counts)
            config(stack + "_deploy-lock", Map.of(StackLabels.NAMESPACE, stack,
                    StackLabels.LOCK_HOLDER, "deployer@ci-runner-7 swarm:deploy",
                    StackLabels.LOCK_SINCE, java.time.Instant.now().toString()));
            Set<String> before = configNames();

            MavenBuild.Result badWait = MavenBuild.of("prune").goals("swarm:prune").property("swarm.stack", stack)
                    .property("swarm.prune.keep", "0").property("swarm.lock.wait", "soon").run();
            assertFalse(badWait.succeeded(), badWait::toString);
            assertTrue(badWait.log().contains("swarm.lock.wait: 'soon' is not a duration; write it like 10m, 90s or 1h30m"),
                    badWait::toString);
            MavenBuild.Result badLease = MavenBuild.of("prune").goals("swarm:prune").property("swarm.stack", stack)
                    .property("swarm.prune.keep", "0").property("swarm.lock.lease", "500ms").run();
            assertFalse(badLease.succeeded(), badLease::toString);
            assertTrue(badLease.log().contains("swarm.lock.lease: '500ms' is too short; give at least 1s"),
                    badLease::toString);

            MavenBuild.Result locked = MavenBuild.of("prune").goals("swarm:prune").property("swarm.stack", stack)
                    .property("swarm.prune.keep", "0").property("swarm.lock.wait", "2s").run();
            assertFalse(locked.succeeded(), locked::toString);
            assertTrue(locked.log().contains("stack " + stack + " is being deployed by deployer@ci-runner-7 swarm:deploy")
                    && locked.log().contains("gave up after waiting 2s (swarm.lock.wait)"), locked::toString);
            assertEquals(before, configNames(), "prune removed configs while a deploy held the stack");

            MavenBuild.Result stale = MavenBuild.of("prune").goals("swarm:prune").property("swarm.stack", stack)
                    .property("swarm.prune.keep", "0").property("swarm.lock.wait", "1m").property("swarm.lock.ttl", "1s")
                    .run();
            assertTrue(stale.succeeded(), stale::toString);
            assertTrue(stale.log().contains("[WARNING] the deploy lock " + stack + "_deploy-lock held by "
                    + "deployer@ci-runner-7 swarm:deploy") && stale.log().contains("older than swarm.lock.ttl (1s)"),
                    stale::toString);
            assertTrue(stale.log().contains("- removed config " + v1 + ": "), stale::toString);
            assertEquals(Set.of(), stackConfigNames(stack), "the stale lock is gone, and so are the old versions");
        } finally {
            cleanUp();
        }
    }

    /**
     * A secret rotated through {@code environment:} by real deploys, pruned by {@code swarm.deploy.prune}
     * after each successful one: the old value goes, the rollback target stays, and a rollback still
     * brings the previous value back.
     */
    @Test
    void deployWithSwarmDeployPruneRemovesOldSecretValuesButKeepsTheRollbackTarget() {
        String stack = sandbox.newStack("deploy-prune");
        List<Set<String>> secretsAfterEachDeploy = new ArrayList<>();
        MavenBuild.Result last = null;
        int port = SandboxSwarm.freePort();
        for (String password : List.of("pw-one-s3cr3t", "pw-two-s3cr3t", "pw-three-s3cr3t")) {
            last = MavenBuild.of("deploy").goals("swarm:deploy")
                    .property("env", "it").property("swarm.stack", stack)
                    .property("swarm.deploy.prune", "true").property("swarm.prune.keep", "1")
                    // the 2 records kept use the current value and the rollback target: the first value is free to go
                    .property("swarm.history.keep", "2")
                    .environment("IMAGE", SandboxSwarm.baseImage())
                    .environment("WEB_PORT", Integer.toString(port))
                    .environment("DB_PASSWORD", password).run();
            MavenBuild.Result deploy = last;
            assertTrue(deploy.succeeded(), deploy::toString);
            assertFalse(deploy.log().contains("s3cr3t"), "a secret value is in the build log");
            secretsAfterEachDeploy.add(stackSecretNames(stack));
        }

        List<String> first = List.copyOf(secretsAfterEachDeploy.get(0));
        TreeSet<String> second = new TreeSet<>(secretsAfterEachDeploy.get(1));
        second.removeAll(first);
        TreeSet<String> third = new TreeSet<>(secretsAfterEachDeploy.get(2));
        assertEquals(1, first.size(), secretsAfterEachDeploy::toString);
        assertEquals(2, secretsAfterEachDeploy.get(1).size(), "after the 2nd deploy the 1st value is the rollback"
                + " target and must stay: " + secretsAfterEachDeploy);
        assertEquals(2, third.size(), secretsAfterEachDeploy::toString);
        assertFalse(third.contains(first.get(0)), "the first value survived: " + secretsAfterEachDeploy);
        assertTrue(third.containsAll(second), "the rollback target went: " + secretsAfterEachDeploy);
        MavenBuild.Result deploy = last;
        assertTrue(deploy.log().contains("[INFO] - removed secret " + first.get(0) + ": used by no service's"
                + " current or previous spec, and not among the newest 1 of 'db_password'"), deploy::toString);
        assertTrue(deploy.log().contains("[INFO] = kept secret " + second.first() + ": in the previous spec of"
                + " service " + stack + "_db (its rollback target)"), deploy::toString);

        Processes.run("docker", "service", "rollback", "--detach", stack + "_db");

        SandboxSwarm.await(stack + "_db running with the second password again", Duration.ofSeconds(120),
                () -> SandboxSwarm.fileInRunningTask(sandbox.connection(), stack + "_db", "/run/secrets/db_password"),
                "pw-two-s3cr3t"::equals);
    }

    private static TreeSet<String> stackSecretNames(String stack) {
        TreeSet<String> names = new TreeSet<>();
        sandbox.docker().listSecretsCmd().withLabelFilter(Map.of(StackLabels.NAMESPACE, stack)).exec()
                .forEach(secret -> names.add(secret.getSpec().getName()));
        return names;
    }

    private String managedConfig(String stack, String key, int version) {
        String name = stack + "_" + key + "-v" + version;
        config(name, SandboxSwarm.managedLabels(stack, key, "v" + version));
        return name;
    }

    private String config(String name, Map<String, String> labels) {
        String id = sandbox.docker().createConfigCmd().withName(name).withLabels(labels)
                .withData(("content of " + name).getBytes(StandardCharsets.UTF_8)).exec().getId();
        configs.add(id);
        return name;
    }

    private String service(String name, String configName) {
        String id = sandbox.docker().createServiceCmd(spec(name, configName)).exec().getId();
        services.add(id);
        return id;
    }

    /** Updates the service to another config, retrying while the allocator bumps the version. */
    private void update(String id, String name, String configName) {
        SandboxSwarm.await("update of " + name, Duration.ofSeconds(30), () -> {
            Service current = sandbox.docker().inspectServiceCmd(id).exec();
            sandbox.docker().updateServiceCmd(id, spec(name, configName)).withVersion(current.getVersion().getIndex()).exec();
            return true;
        }, done -> done);
    }

    private ServiceSpec spec(String name, String configName) {
        Config config = sandbox.docker().listConfigsCmd().withFilters(Map.of("name", List.of(configName))).exec().stream()
                .filter(candidate -> candidate.getSpec().getName().equals(configName)).findFirst().orElseThrow();
        String stack = name.substring(0, name.lastIndexOf('_'));
        return new ServiceSpec().withName(name).withLabels(Map.of(StackLabels.NAMESPACE, stack))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec()
                        .withImage(SandboxSwarm.baseImage()).withCommand(List.of("sleep", "86400"))
                        .withConfigs(List.of(new ContainerSpecConfig().withConfigID(config.getId())
                                .withConfigName(configName)
                                .withFile(new ContainerSpecFile().withName("/app.conf").withUid("0").withGid("0")
                                        .withMode(0444L))))));
    }

    /** The configs this test created that still exist (the engine is shared: others' come and go). */
    private TreeSet<String> configNames() {
        TreeSet<String> names = new TreeSet<>();
        sandbox.docker().listConfigsCmd().exec().stream().filter(config -> configs.contains(config.getId()))
                .forEach(config -> names.add(config.getSpec().getName()));
        return names;
    }

    private static TreeSet<String> stackConfigNames(String stack) {
        return DeployedStacks.configNames(sandbox.docker(), stack);
    }

    private void cleanUp() {
        services.forEach(id -> quietly(() -> sandbox.docker().removeServiceCmd(id).exec()));
        for (String id : configs) {
            SandboxSwarm.await("removal of config " + id, Duration.ofSeconds(60), () -> {
                try {
                    sandbox.docker().removeConfigCmd(id).exec();
                } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                    // pruned by the test, or already removed
                }
                return true;
            }, done -> done);
        }
    }

    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // already removed
        }
    }
}
