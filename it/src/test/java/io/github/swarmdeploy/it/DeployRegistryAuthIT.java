package io.github.swarmdeploy.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mvn swarm:deploy -Dswarm.withRegistryAuth=true} against a registry that demands credentials: the
 * credentials of the settings.xml {@code <server>} named after the registry host reach the swarm, whose node then
 * pulls an image that only that registry has (the engine's own copy is removed first), and the digest look-up
 * uses them too. Without the parameter the same deploy fails, naming the image. {@code swarm:rollback} with the
 * parameter re-creates services removed since its record, which pull the image again with those credentials.
 */
class DeployRegistryAuthIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    @Test
    void withRegistryAuthTheSwarmPullsAnImageOnlyAnAuthenticatingRegistryServes(@TempDir Path tmp) throws Exception {
        Path registryDir = Files.createDirectories(tmp.resolve("registry"));
        try (AuthenticatingRegistry registry = AuthenticatingRegistry.start(registryDir)) {
            String repository = SandboxSwarm.uniqueStack("private") + "/web";
            String image = registry.host() + "/" + repository + ":v1";
            String imageId = pushThenRemoveLocally(registry, image, tmp);
            String refusedStack = sandbox.newStack("no-registry-auth");
            String stack = sandbox.newStack("registry-auth");
            try {
                String digest = registry.digest(repository, "v1")
                        .orElseThrow(() -> new AssertionError(image + " is not in the authenticating registry"));

                MavenBuild.Result refused = deploy(registry, refusedStack, image, tmp).property("swarm.timeout", "2m").run();

                assertFalse(refused.succeeded(), () -> "the swarm ran a private image without credentials:\n" + refused);
                assertTrue(refused.log().contains("image " + image + " could not be accessed on a registry to record"
                        + " its digest"), refused::toString);
                assertTrue(refused.log().contains("the registry wants credentials: pass them with swarm.withRegistryAuth=true"),
                        () -> "the digest warning does not say how to pass credentials:\n" + refused);
                assertTrue(refused.log().contains("[ERROR]   " + refusedStack + "_web: failed: ")
                        && refused.log().contains("last task error: No such image: " + image), refused::toString);

                int port = SandboxSwarm.freePort();
                MavenBuild.Result deployed = deploy(registry, stack, image, tmp)
                        .environment("WEB_PORT", Integer.toString(port))
                        .property("swarm.withRegistryAuth", "true").run();

                assertTrue(deployed.succeeded(), () -> "the deploy with registry auth failed:\n" + deployed);
                assertFalse(deployed.log().contains("could not be accessed on a registry"), deployed::toString);
                for (String service : List.of("web", "worker", "db")) {
                    assertEquals(image + "@" + digest, sandbox.docker().inspectServiceCmd(stack + "_" + service).exec()
                                    .getSpec().getTaskTemplate().getContainerSpec().getImage(),
                            "the digest, looked up with the credentials, pins the image of " + service);
                }
                SandboxSwarm.await("the web service answering on port " + port, Duration.ofSeconds(30),
                        () -> DeployedStacks.httpGet(port), body -> body.contains("deployed by swarm:deploy"));
                assertEquals(imageId, sandbox.docker().inspectImageCmd(image.substring(0, image.lastIndexOf(':')) + "@"
                        + digest).exec().getId(), "the node pulled the image from the authenticating registry");
                assertFalse(AuthenticatingRegistry.revealsThePassword(deployed.log()), "no password in the log");
                assertFalse(AuthenticatingRegistry.revealsThePassword(refused.log()), "no password in the log");

                // swarm:rollback re-creates what was removed since its record: the node must pull again, with them
                for (String service : List.of("web", "worker", "db")) {
                    sandbox.docker().removeServiceCmd(stack + "_" + service).exec();
                }
                SandboxSwarm.await("the stack's containers gone", Duration.ofSeconds(60),
                        () -> sandbox.docker().listContainersCmd().withShowAll(true)
                                .withLabelFilter(Map.of("com.docker.stack.namespace", stack)).exec().size(),
                        count -> count == 0);
                sandbox.docker().removeImageCmd(imageId).withForce(true).exec();
                MavenBuild.Result rolledBack = build(registry, "swarm:rollback", stack, image, tmp)
                        .property("swarm.rollback.to", "1").property("swarm.withRegistryAuth", "true").run();

                assertTrue(rolledBack.succeeded(), () -> "the rollback with registry auth failed:\n" + rolledBack);
                for (String service : List.of("web", "worker", "db")) {
                    assertEquals(image + "@" + digest, sandbox.docker().inspectServiceCmd(stack + "_" + service).exec()
                                    .getSpec().getTaskTemplate().getContainerSpec().getImage(),
                            "the rollback re-created " + service + " as recorded");
                }
                assertEquals(imageId, sandbox.docker().inspectImageCmd(image.substring(0, image.lastIndexOf(':')) + "@"
                        + digest).exec().getId(), "the node pulled the image again, from the authenticating registry");
                assertFalse(AuthenticatingRegistry.revealsThePassword(rolledBack.log()), "no password in the log");
            } finally {
                // the stacks' containers first, so that the image can go; the extension's clean-up then finds nothing
                RuntimeException failure = SandboxSwarm.runAll(List.of(
                        () -> SandboxSwarm.removeStack(sandbox.connection(), refusedStack),
                        () -> SandboxSwarm.removeStack(sandbox.connection(), stack),
                        () -> sandbox.docker().removeImageCmd(imageId).withForce(true).exec()));
                if (failure != null) {
                    throw failure;
                }
            }
        }
    }

    /** The deploy sample of DeployGoalIT with {@code image}, no credentials but the settings.xml server's. */
    private static MavenBuild deploy(AuthenticatingRegistry registry, String stack, String image, Path tmp)
            throws Exception {
        return build(registry, "swarm:deploy", stack, image, tmp);
    }

    private static MavenBuild build(AuthenticatingRegistry registry, String goal, String stack, String image, Path tmp)
            throws Exception {
        MavenBuild build = MavenBuild.of("deploy").goals(goal)
                .property("env", "it")
                .property("swarm.stack", stack)
                .environment("IMAGE", image)
                .environment("WEB_PORT", Integer.toString(SandboxSwarm.freePort()))
                .environment("DB_PASSWORD", "it-db-s3cr3t");
        return registry.withSettingsServer(AuthenticatingRegistry.withoutOtherCredentials(build, tmp), tmp);
    }

    /**
     * Builds an image of its own (the base image plus a file no other image has, so that removing it touches no
     * other test's image), pushes it with the registry's credentials, and removes it from the engine: a task can
     * only get it by pulling. Returns its ID.
     */
    private static String pushThenRemoveLocally(AuthenticatingRegistry registry, String image, Path tmp)
            throws Exception {
        DockerClient docker = sandbox.docker();
        Path context = Files.createDirectories(tmp.resolve("image"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + SandboxSwarm.baseImage() + "\nCOPY private.txt /\n");
        Files.writeString(context.resolve("private.txt"), "only in " + image + "\n");
        docker.buildImageCmd(context.toFile()).withTags(Set.of(image)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId();
        String id = docker.inspectImageCmd(image).exec().getId();
        docker.pushImageCmd(image).withAuthConfig(new AuthConfig().withRegistryAddress(registry.host())
                        .withUsername(AuthenticatingRegistry.USER).withPassword(AuthenticatingRegistry.PASSWORD))
                .exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion();
        docker.removeImageCmd(id).withForce(true).exec();
        return id;
    }
}
