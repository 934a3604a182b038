package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.sandbox.FakeGitLab;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mvn -o}: a goal reaches nothing but the engine. swarm:deploy deploys without looking up image digests or
 * posting a merge-request note, saying so; swarm:push, which cannot work without its registry, fails before it
 * builds anything, as jib's registry goal does.
 */
class OfflineIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    @Test
    void anOfflineDeploySkipsDigestsAndNotesAndSaysSo() {
        String stack = sandbox.newStack("offline");
        try (FakeGitLab gitlab = FakeGitLab.start()) {
            MavenBuild build = MavenBuild.of("deploy").goals("swarm:deploy").offline()
                    .property("env", "it")
                    .property("swarm.stack", stack)
                    .property("swarm.wait", "false")
                    .environment("IMAGE", SandboxSwarm.baseImage())
                    .environment("WEB_PORT", Integer.toString(SandboxSwarm.freePort()))
                    .environment("DB_PASSWORD", "it-db-s3cr3t");
            gitlab.mergeRequestPipeline("glpat-offline").forEach(build::environment);

            MavenBuild.Result result = build.run();

            assertTrue(result.succeeded(), () -> "the offline deploy failed:\n" + result);
            assertTrue(result.log().contains("[INFO] Offline (-o): image digests are not looked up (swarm.resolveImage="
                    + "always); the services get the image references as the compose files write them"), result::toString);
            assertTrue(result.log().contains("[INFO] Offline (-o): no note is posted to merge request !12"), result::toString);
            assertEquals(List.of(), gitlab.received(), "no request reached GitLab");
            for (String service : List.of("web", "worker", "db")) {
                assertEquals(SandboxSwarm.baseImage(), sandbox.docker().inspectServiceCmd(stack + "_" + service).exec()
                        .getSpec().getTaskTemplate().getContainerSpec().getImage(), service + " runs the tag, unpinned");
            }
        }
    }

    @Test
    void anOfflinePushFailsBeforeItBuildsAnything() {
        MavenBuild.Result result = MavenBuild.of("image-push").goals("swarm:push").offline()
                .property("swarm.services", "backend")
                .property("swarm.imagePrefix", "127.0.0.1:5000/offline-it")
                .property("swarm.tag", "never-built")
                .run();

        assertFalse(result.succeeded(), result::toString);
        assertTrue(result.log().contains("swarm:push cannot work offline (-o): it pushes backend to the registry of "
                + "127.0.0.1:5000/offline-it. Run it without -o, or skip it with -Dswarm.push.skip=true"), result::toString);
        assertFalse(result.log().contains("backend: building"), () -> "nothing was built:\n" + result);
    }
}
