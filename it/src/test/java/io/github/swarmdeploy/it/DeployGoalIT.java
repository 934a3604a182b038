package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mvn swarm:deploy} in real Maven builds against the sandbox swarm. */
class DeployGoalIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    private static MavenBuild deploy(String stack, int port) {
        return deploy(stack, port, "swarm:deploy");
    }

    private static MavenBuild deploy(String stack, int port, String goal) {
        return MavenBuild.of("deploy").goals(goal)
                .property("env", "it")
                .property("swarm.stack", stack)
                .environment("IMAGE", SandboxSwarm.baseImage())
                .environment("WEB_PORT", Integer.toString(port))
                .environment("DB_PASSWORD", "it-db-s3cr3t");
    }

    private static Map<String, Long> versions(String stack) {
        return DeployedStacks.versions(sandbox.docker(), stack);
    }

    @Test
    void deployPrintsThePlanAndProgressAnswersOverHttpAndASecondRunChangesNothing() throws Exception {
        String stack = sandbox.newStack("deploy");
        int port = SandboxSwarm.freePort();

        MavenBuild.Result first = deploy(stack, port).property("swarm.tag", "20240717_8a4f53ae").run();

        assertTrue(first.succeeded(), () -> "first deploy failed:\n" + first);
        assertTrue(first.log().contains("Plan for stack " + stack + ": 6 to create"), first::toString);
        assertEquals("20240717_8a4f53ae", sandbox.docker().inspectServiceCmd(stack + "_worker").exec().getSpec().getLabels().get("release"),
                "swarm.tag reaches the compose files as SWARM_TAG");
        assertTrue(first.log().contains("+ service " + stack + "_web"), first::toString);
        assertTrue(first.log().contains(stack + "_web: converged"), first::toString);
        assertFalse(first.log().contains("it-db-s3cr3t"), "the secret value is in the build log");
        String page = SandboxSwarm.await("the web service answering on port " + port, Duration.ofSeconds(30),
                () -> DeployedStacks.httpGet(port), body -> body.contains("deployed by swarm:deploy"));
        assertTrue(page.contains("<h1>"), page);
        Map<String, Long> versions = versions(stack);
        assertEquals(3, versions.size(), versions::toString);

        MavenBuild second = deploy(stack, port).property("swarm.tag", "20240717_8a4f53ae");
        MavenBuild.Result again = second.run();

        assertTrue(again.succeeded(), () -> "second deploy failed:\n" + again);
        assertTrue(again.log().contains("Plan for stack " + stack + ": no changes"), again::toString);
        assertEquals(versions, versions(stack), "no service was updated");
        String report = Files.readString(second.projectDir().resolve("target/swarm/deploy-report.json"));
        assertTrue(report.contains("\"outcome\" : \"unchanged\""), report);
        assertFalse(report.contains("it-db-s3cr3t"), "the secret value is in the report");
    }

    @Test
    void rolledBackUpdateIsABuildFailureNamingTheServiceAndTheOldVersionStillRuns() {
        String stack = sandbox.newStack("rollback");
        int port = SandboxSwarm.freePort();
        MavenBuild.Result first = deploy(stack, port).run();
        assertTrue(first.succeeded(), () -> "first deploy failed:\n" + first);
        long before = versions(stack).get(stack + "_web");

        MavenBuild.Result failed = deploy(stack, port).environment("HEALTH_CHECK", "exit 1").run();

        assertFalse(failed.succeeded(), () -> "a rolled back update must fail the build:\n" + failed);
        assertTrue(failed.log().contains("BUILD FAILURE"), failed::toString);
        assertTrue(failed.log().contains(stack + "_web: rolled back"), failed::toString);
        SandboxSwarm.await("the web service rolled back and answering", Duration.ofSeconds(60),
                () -> DeployedStacks.httpGet(port), body -> body.contains("deployed by swarm:deploy"));
        assertTrue(versions(stack).get(stack + "_web") > before, "the update was tried");
    }

    /**
     * A CI job cancelled during the rollout watch (SIGTERM): the build releases the stack lock on its way out, so
     * the next deploy need not wait out the lease, and says what it applied and what it did not check.
     */
    @Test
    void aDeployCancelledWithSigtermReleasesItsLockAndSaysWhatItAppliedAndDidNotCheck() throws Exception {
        String stack = sandbox.newStack("sigterm");
        MavenBuild build = MavenBuild.of("deploy").goals("swarm:deploy")
                .property("swarm.composeFiles", "compose.sigterm.yaml")
                .property("swarm.stack", stack)
                .environment("IMAGE", SandboxSwarm.baseImage());
        // slow's task stays 'starting' for an hour (its first health check is due then); later waits for it
        Files.writeString(build.projectDir().resolve("compose.sigterm.yaml"), """
                services:
                  slow:
                    image: ${IMAGE}
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                    healthcheck: {test: ["CMD", "true"], interval: 1h}
                    deploy: {endpoint_mode: dnsrr}
                  later:
                    image: ${IMAGE}
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                    depends_on: [slow]
                    deploy: {endpoint_mode: dnsrr}
                """);
        MavenBuild.Running running = build.start();
        SandboxSwarm.await("the deploy watching " + stack + "_slow start", Duration.ofMinutes(3), running::log,
                log -> log.contains(stack + "_slow: starting: 0/1 running"));
        assertTrue(stackObjects(stack).stream().anyMatch(object -> object.startsWith("configs:" + stack + "_deploy-lock@")),
                () -> "the deploy holds its lock: " + stackObjects(stack));

        running.terminate();
        MavenBuild.Result cancelled = running.await();

        assertFalse(stackObjects(stack).stream().anyMatch(object -> object.startsWith("configs:" + stack + "_deploy-lock")),
                () -> "the lock is left for its lease: " + stackObjects(stack) + "\n" + cancelled);
        assertFalse(cancelled.succeeded(), cancelled::toString);
        assertTrue(cancelled.log().contains("[WARNING] the JVM is shutting down (SIGTERM: a cancelled job, Ctrl-C): the"
                + " deploy of stack " + stack + " stops here; applied: created network " + stack + "_default, created"
                + " service " + stack + "_slow; not applied: create service " + stack + "_later; rollout not checked: "
                + stack + "_slow (Swarm goes on with it; deploying the same files again watches it to the end)"),
                cancelled::toString);
        assertTrue(cancelled.log().contains("[WARNING] released the lock " + stack + "_deploy-lock on the way out"),
                cancelled::toString);
    }

    @Test
    void missingConfigFileFailsWithFileAndLineAndCreatesNothing() throws IOException {
        String stack = sandbox.newStack("badfile");
        MavenBuild build = deploy(stack, SandboxSwarm.freePort());
        Files.delete(build.projectDir().resolve("page.html"));

        MavenBuild.Result result = build.run();

        assertFalse(result.succeeded(), result::toString);
        assertTrue(result.log().contains("compose.yaml:"), result::toString);
        assertTrue(result.log().contains("configs.page.file"), result::toString);
        assertEquals(Map.of(), versions(stack));
        assertTrue(stackObjects(stack).isEmpty(), () -> "objects left: " + stackObjects(stack));
    }

    @Test
    void dryRunPrintsThePlanAndCreatesNothing() {
        String stack = sandbox.newStack("dryrun");

        MavenBuild.Result result = deploy(stack, SandboxSwarm.freePort()).property("swarm.dryRun", "true").run();

        assertTrue(result.succeeded(), result::toString);
        assertTrue(result.log().contains("+ service " + stack + "_db"), result::toString);
        assertTrue(result.log().contains("dry run: nothing was changed"), result::toString);
        assertTrue(stackObjects(stack).isEmpty(), () -> "objects created: " + stackObjects(stack));
    }

    @Test
    void worksWithoutAPomFromExplicitFilesAndCanBeSkipped() throws IOException {
        String stack = sandbox.newStack("nopom");
        MavenBuild skip = deploy(stack, SandboxSwarm.freePort(), MavenBuild.pluginGoal("deploy")).property("swarm.deploy.skip", "true");
        Files.delete(skip.projectDir().resolve("pom.xml"));
        MavenBuild.Result skipped = skip.run();
        assertTrue(skipped.succeeded(), skipped::toString);
        assertTrue(skipped.log().contains("Skipping swarm:deploy"), skipped::toString);
        assertTrue(stackObjects(stack).isEmpty());

        MavenBuild build = deploy(stack, SandboxSwarm.freePort(), MavenBuild.pluginGoal("deploy"));
        Files.delete(build.projectDir().resolve("pom.xml"));
        MavenBuild.Result result = build.run();

        assertTrue(result.succeeded(), result::toString);
        assertEquals(3, versions(stack).size());
    }

    private static List<String> stackObjects(String stack) {
        return SandboxSwarm.listStackObjects(sandbox.connection(), stack);
    }
}
