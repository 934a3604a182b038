package io.github.swarmdeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code swarm:history}, {@code swarm:status}, {@code swarm:rollback}, {@code swarm:remove} and
 * {@code swarm:deploy -Dswarm.promote.*} in real Maven builds against the sandbox swarm (the scenarios in depth are
 * swarm-core's HistoryIT; these pin the goals, their parameters and what the build log says).
 */
class StackGoalsIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    private static MavenBuild build(String stack, String... goals) {
        return MavenBuild.of("history").goals(goals).property("swarm.stack", stack)
                .environment("IMAGE", SandboxSwarm.baseImage());
    }

    private static List<String> env(String service) {
        return List.copyOf(sandbox.docker().inspectServiceCmd(service).exec().getSpec().getTaskTemplate().getContainerSpec()
                .getEnv());
    }

    private static String image(String service) {
        return sandbox.docker().inspectServiceCmd(service).exec().getSpec().getTaskTemplate().getContainerSpec()
                .getImage();
    }

    @Test
    void historyStatusWithDriftAndARollbackInRealMaven() throws IOException {
        String stack = sandbox.newStack("goals");
        String port = Integer.toString(SandboxSwarm.freePort());
        for (String mode : List.of("one", "two")) {
            MavenBuild.Result deploy = build(stack, "swarm:deploy").property("env", "it").environment("WEB_PORT", port)
                    .environment("MODE", mode).environment("CI_COMMIT_SHA", "8a4f53ae" + mode).run();
            assertTrue(deploy.succeeded(), deploy::toString);
        }
        List<String> envOfOne = List.of("MODE=one");
        Processes.run("docker", "service", "update", "--quiet", "--env-add", "DEBUG=1", stack + "_web");

        MavenBuild.Result looked = build(stack, "swarm:history", "swarm:status").property("env", "it").run();

        assertTrue(looked.succeeded(), looked::toString);
        String log = looked.log();
        int two = log.indexOf("[INFO] #2  ");
        int one = log.indexOf("[INFO] #1  ");
        assertTrue(two >= 0 && two < one, "newest first: " + log);
        assertTrue(log.substring(two, log.indexOf('\n', two)).contains("deploy  succeeded  ~web  busybox:latest"
                + "  commit 8a4f53ae"), log);
        assertTrue(log.contains("[INFO] Drift: 1 service differs from what the last deploy applied"), log);
        assertTrue(log.contains("[INFO]   ~ " + stack + "_web  environment: +DEBUG"), log);
        assertTrue(log.contains("1/1 running  healthy"), log);

        MavenBuild.Result rollback = build(stack, "swarm:rollback").property("env", "it").run();

        assertTrue(rollback.succeeded(), rollback::toString);
        assertTrue(rollback.log().contains("[INFO] Rolling back stack " + stack + " to #1: the deploy of "), rollback::toString);
        assertTrue(rollback.log().contains("[INFO] recorded as rollback #3 in the history of stack " + stack), rollback::toString);
        assertEquals(envOfOne, env(stack + "_web"), "deploy #1's environment again, the variable added by hand gone");

        MavenBuild.Result json = build(stack, "-q", "swarm:status").property("env", "it")
                .property("swarm.status.format", "json").run();

        assertTrue(json.succeeded(), json::toString);
        JsonNode status = new ObjectMapper().readTree(json.log().substring(json.log().indexOf('{'),
                json.log().lastIndexOf('}') + 1));
        assertEquals(stack + "_web", status.at("/services/0/name").asText(), json::toString);
        assertTrue(status.at("/services/0/digest").asText().startsWith("sha256:"), json::toString);
        assertFalse(status.at("/drift/drifted").asBoolean(), json::toString);
        assertEquals("rollback", status.at("/lastRecord/kind").asText(), json::toString);
        assertEquals(1, status.at("/lastRecord/returnedTo").asLong(), json::toString);
    }

    /** The README's recipe: a review stack per merge request, removed by GitLab's environment:on_stop job. */
    @Test
    void aReviewStackGoesWithSwarmRemoveAndOnlyItsHistoryAndForeignObjectsStay() {
        String stack = sandbox.newStack("review");
        MavenBuild.Result deploy = build(stack, "swarm:deploy").property("env", "review").run();
        assertTrue(deploy.succeeded(), deploy::toString);
        String foreign = stack + "_by-hand";
        sandbox.connection().swarm().createConfig(CreateRequests.config(foreign, Map.of(StackLabels.NAMESPACE, stack),
                "not swarm-deploy's".getBytes(StandardCharsets.UTF_8)));

        MavenBuild.Result dryRun = build(stack, "swarm:remove").property("swarm.dryRun", "true").run();

        assertTrue(dryRun.succeeded(), dryRun::toString);
        assertTrue(dryRun.log().contains("[INFO] - would remove service " + stack + "_web"), dryRun::toString);
        assertTrue(dryRun.log().contains("[INFO] = would keep config " + foreign + ": not created by swarm-deploy"),
                dryRun::toString);
        assertEquals(Map.of(stack + "_web", DeployedStacks.versions(sandbox.docker(), stack).get(stack + "_web")),
                DeployedStacks.versions(sandbox.docker(), stack), "the dry run removed nothing");

        MavenBuild.Result remove = build(stack, "swarm:remove").run();

        assertTrue(remove.succeeded(), remove::toString);
        assertTrue(remove.log().contains("[INFO] Removed stack " + stack + ": 1 service, 1 network, 2 configs, 0"
                + " secrets; recorded as remove #2"), remove::toString);
        assertEquals(List.of("configs:" + foreign, "configs:" + stack + "_history-1", "configs:" + stack + "_history-2"),
                SandboxSwarm.listStackObjects(sandbox.connection(), stack).stream()
                        .map(object -> object.replaceAll("@\\d+$", "")).toList());
    }

    @Test
    void promotionFromAStackAndFromAnImagesFile() throws IOException {
        String dev = sandbox.newStack("dev");
        String prod = sandbox.newStack("prod");
        assertTrue(build(dev, "swarm:deploy").property("env", "review").run().succeeded());

        MavenBuild.Result fromStack = build(prod, "swarm:deploy").property("env", "review")
                .property("swarm.promote.from", dev).run();

        assertTrue(fromStack.succeeded(), fromStack::toString);
        assertTrue(fromStack.log().contains("[INFO] + service " + prod + "_web  promoted from " + dev), fromStack::toString);
        assertEquals(image(dev + "_web"), image(prod + "_web"));

        String pinned = image(dev + "_web");
        MavenBuild fromImages = build(prod, "swarm:deploy").property("env", "review")
                .property("swarm.promote.images", "images.json");
        Files.writeString(fromImages.projectDir().resolve("images.json"), "[{\"service\": \"web\", \"image\": \""
                + pinned.substring(0, pinned.indexOf('@')) + "\", \"tag\": \"latest\", \"digest\": \""
                + pinned.substring(pinned.indexOf('@') + 1) + "\"}]");
        MavenBuild.Result result = fromImages.run();

        assertTrue(result.succeeded(), result::toString);
        assertTrue(result.log().contains("[INFO] = service " + prod + "_web  promoted from images.json"), result::toString);
    }
}
