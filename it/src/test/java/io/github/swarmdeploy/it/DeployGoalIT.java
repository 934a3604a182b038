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
