package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.sandbox.FakeGitLab;
import io.github.swarmdeploy.core.gitlab.MergeRequestNotes;
import io.github.swarmdeploy.core.sandbox.SandboxRegistry;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import io.github.swarmdeploy.core.sandbox.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real builds on the sandbox engine, real pushes to the sandbox registry, pulled back to check. */
class ServiceImagePushIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    @TempDir
    Path base;

    private EngineConnection engine;
    private final String namespace = SandboxSwarm.uniqueStack("push");
    private final String prefix = SandboxSwarm.registry() + "/" + namespace;
    private final ImageTag tag = new ImageTag("20240727_a5fa34c7", "test", Optional.empty());
    private final List<Event> events = new ArrayList<>();
    private final EventListener listener = events::add;
    private final List<PushedImage> toRemove = new ArrayList<>();
    private FakeGitLab gitlab;

    @BeforeAll
    static void registry() {
        SandboxRegistry.requireBaseImage();
    }

    @BeforeEach
    void open() {
        engine = sandbox.connection();
        gitlab = FakeGitLab.start();
    }

    @AfterEach
    void cleanUp() {
        for (PushedImage image : toRemove) {
            SandboxRegistry.deleteManifest(SandboxRegistry.repositoryOf(image.image()), image.digest());
        }
        SandboxRegistry.removeLocalImages(SandboxSwarm.dockerClient(), prefix + "/");
        gitlab.close();
    }

    private ServiceImagePush push(Optional<MergeRequestNotes> notes) {
        return push(notes, ProgressStyle.NONE);
    }

    private ServiceImagePush push(Optional<MergeRequestNotes> notes, ProgressStyle progress) {
        return new ServiceImagePush(new EngineImageBuilder(engine.swarm(), listener, progress),
                RegistryAuthLookup.builder().environment(Map.of("HOME", base.resolve("no-home").toString())).build(),
                notes, listener);
    }

    private ServiceImagePush.Request request(List<String> services, String serviceArg) {
        return new ServiceImagePush.Request(base, services, prefix, tag, serviceArg, base.resolve("target/swarm/images.json"));
    }

    private void write(String file, String content) {
        TestFiles.write(base, file, content);
    }

    @Test
    void ownDockerfileIsBuiltWithDockerignoreAndPullsBackWithTheReportedDigest() throws Exception {
        write(".dockerignore", "secret.txt\n*.log\n");
        write("secret.txt", "must not reach the engine\n");
        write("debug.log", "neither this\n");
        write("backend/app.txt", "the application\n");
        // no RUN steps in these images: RUN needs docker's default bridge, which the shared sandbox has
        // been seen to lose; COPY, ARG and LABEL prove what matters without it
        write("backend/Dockerfile", "FROM " + SandboxSwarm.baseImage() + "\n"
                + "COPY . /ctx/\n"
                + "LABEL io.github.swarmdeploy.test=backend\n");
        MergeRequestNotes notes = MergeRequestNotes.configure(gitlab.mergeRequestPipeline("glpat-x"), null, null, listener).orElseThrow();

        List<PushedImage> pushed = push(Optional.of(notes), ProgressStyle.PLAIN).run(request(List.of("backend"), "DAEMON"));
        toRemove.addAll(pushed);

        assertEquals(1, pushed.size());
        PushedImage image = pushed.get(0);
        assertEquals(prefix + "/backend:" + tag.value(), image.image());
        assertTrue(image.digest().matches("sha256:[0-9a-f]{64}"), image.digest());
        assertEquals(Optional.of(image.digest()), SandboxRegistry.registryDigest(namespace + "/backend", tag.value()),
                "the registry serves the tag under the digest the push reported");

        SandboxSwarm.dockerClient().removeImageCmd(image.image()).withForce(true).exec();
        SandboxSwarm.dockerClient().pullImageCmd(prefix + "/backend").withTag(tag.value()).start().awaitCompletion(2, TimeUnit.MINUTES);
        InspectImageResponse pulled = SandboxSwarm.dockerClient().inspectImageCmd(image.image()).exec();
        assertTrue(pulled.getRepoDigests().contains(prefix + "/backend@" + image.digest()), () -> "repo digests " + pulled.getRepoDigests());
        assertEquals("backend", pulled.getConfig().getLabels().get("io.github.swarmdeploy.test"));
        assertTrue(SandboxSwarm.imageHasFile(SandboxSwarm.dockerClient(), image.image(), "/ctx/backend/app.txt"),
                "the build context was the base directory");
        assertFalse(SandboxSwarm.imageHasFile(SandboxSwarm.dockerClient(), image.image(), "/ctx/secret.txt"),
                ".dockerignore keeps secret.txt out of the context");
        assertFalse(SandboxSwarm.imageHasFile(SandboxSwarm.dockerClient(), image.image(), "/ctx/debug.log"),
                ".dockerignore keeps *.log out of the context");

        var written = new ObjectMapper().readTree(base.resolve("target/swarm/images.json").toFile());
        assertEquals(1, written.size());
        assertEquals("backend", written.get(0).get("service").asText());
        assertEquals(image.image(), written.get(0).get("image").asText());
        assertEquals(tag.value(), written.get(0).get("tag").asText());
        assertEquals(image.digest(), written.get(0).get("digest").asText());

        assertEquals(1, gitlab.received().size());
        String note = new ObjectMapper().readTree(gitlab.received().get(0).body()).get("body").asText();
        assertTrue(note.contains("`backend`: `" + image.image() + "` (`" + image.digest() + "`)"), note);
        assertTrue(events.stream().anyMatch(e -> e.message().equals("backend: pushed " + image.image() + " " + image.digest())),
                () -> "events: " + events);
        List<ImageProgress> progress = events.stream().filter(ImageProgress.class::isInstance).map(ImageProgress.class::cast)
                .filter(p -> p.level() == Event.Level.INFO).toList();
        assertTrue(progress.stream().anyMatch(p -> p.stage() == ImageProgress.Stage.BUILD_STEP && p.detail().startsWith("Step 1/3 : FROM")),
                () -> "plain progress shows build steps: " + progress);
        List<String> layerLines = progress.stream().filter(p -> p.stage() == ImageProgress.Stage.LAYER).map(ImageProgress::detail).toList();
        assertTrue(layerLines.stream().anyMatch(l -> l.endsWith(" Pushed")), () -> "layer state changes: " + layerLines);
        assertEquals(layerLines.size(), new java.util.HashSet<>(layerLines).size(),
                () -> "one line per layer state change, no repeats of byte progress: " + layerLines);
    }

    @Test
    void sharedDockerfileGetsTheServiceAsBuildArgumentAndAnUnreachableGitlabOnlyWarns() throws Exception {
        write("Dockerfile", "FROM " + SandboxSwarm.baseImage() + "\n"
                + "ARG SERVICE_NAME\n"
                + "LABEL io.github.swarmdeploy.test.daemon=$SERVICE_NAME\n");
        Map<String, String> unreachable = new HashMap<>(gitlab.mergeRequestPipeline("glpat-x"));
        unreachable.put("CI_API_V4_URL", "http://127.0.0.1:9/api/v4");
        MergeRequestNotes notes = MergeRequestNotes.configure(unreachable, null, null, listener).orElseThrow();

        List<PushedImage> pushed = push(Optional.of(notes)).run(request(List.of("nginx-proxy", "worker"), "SERVICE_NAME"));
        toRemove.addAll(pushed);

        assertEquals(List.of("nginx-proxy", "worker"), pushed.stream().map(PushedImage::service).toList());
        for (PushedImage image : pushed) {
            SandboxSwarm.dockerClient().removeImageCmd(image.image()).withForce(true).exec();
            String repository = image.image().substring(0, image.image().lastIndexOf(':'));
            SandboxSwarm.dockerClient().pullImageCmd(repository).withTag(tag.value()).start().awaitCompletion(2, TimeUnit.MINUTES);
            Map<String, String> labels = SandboxSwarm.dockerClient().inspectImageCmd(image.image()).exec().getConfig().getLabels();
            assertEquals(image.service(), labels.get("io.github.swarmdeploy.test.daemon"), "the build argument reached the build");
        }
        assertTrue(events.stream().anyMatch(e -> e.level() == Event.Level.WARN && e.message().contains("unreachable")),
                () -> "events: " + events);
    }

    @Test
    void failingBuildNamesTheServiceWithTheEnginesErrorAndTellsTheMergeRequest() throws Exception {
        write("good/Dockerfile", "FROM " + SandboxSwarm.baseImage() + "\nLABEL ok=1\n");
        write("broken/Dockerfile", "FROM " + SandboxSwarm.baseImage() + "\nCOPY no-such-file-" + namespace + " /\n");
        MergeRequestNotes notes = MergeRequestNotes.configure(gitlab.mergeRequestPipeline("glpat-x"), null, null, listener).orElseThrow();

        ImagePushException failure = assertThrows(ImagePushException.class,
                () -> push(Optional.of(notes)).run(request(List.of("good", "broken"), "DAEMON")));
        List<PushedImage> written = ImagesFile.read(base.resolve("target/swarm/images.json"));
        toRemove.addAll(written);

        assertEquals("broken", failure.service());
        assertTrue(failure.getMessage().contains("service broken") && failure.getMessage().contains("no-such-file-" + namespace),
                failure.getMessage());
        assertEquals(List.of("good"), written.stream().map(PushedImage::service).toList(), "images.json lists what was pushed");
        assertTrue(events.stream().anyMatch(e -> e.level() == Event.Level.ERROR && e.message().contains("Step 2/2 : COPY no-such-file")),
                () -> "the build output before the failure is shown: " + events);

        assertEquals(1, gitlab.received().size());
        String note = new ObjectMapper().readTree(gitlab.received().get(0).body()).get("body").asText();
        assertTrue(note.startsWith(":x: swarm-deploy: the image of service `broken`"), note);
        assertTrue(note.contains("no-such-file-" + namespace), note);
        assertTrue(note.contains("`good`"), note);
    }

    @Test
    void nothingSelectedBuildsNothingAndSucceeds() throws Exception {
        List<PushedImage> pushed = push(Optional.empty()).run(new ServiceImagePush.Request(base, List.of(), null, tag, "DAEMON",
                base.resolve("target/swarm/images.json")));

        assertEquals(List.of(), pushed);
        assertEquals(List.of(), ImagesFile.read(base.resolve("target/swarm/images.json")));
        assertTrue(events.stream().anyMatch(e -> e.message().toLowerCase().contains("nothing to build")), () -> "events: " + events);
    }

    @Test
    void missingDockerfileIsReportedBeforeAnythingIsBuilt() throws Exception {
        write("backend/Dockerfile", "FROM " + SandboxSwarm.baseImage() + "\n");

        var e = assertThrows(io.github.swarmdeploy.core.SwarmDeployException.class,
                () -> push(Optional.empty()).run(request(List.of("backend", "ghost"), "DAEMON")));

        assertTrue(e.getMessage().contains("ghost"), e.getMessage());
        assertNotEquals(200, SandboxRegistry.manifestStatus(namespace + "/backend", tag.value()), "nothing was pushed");
    }
}
