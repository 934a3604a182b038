package io.github.swarmdeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.sandbox.FakeGitLab;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxRegistry;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** swarm:tag and swarm:push through real Maven builds, pushing to the sandbox registry. */
class ImageGoalsIT {

    private static final String CI_COMMIT = "a5fa34c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6";
    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    private final String namespace = SandboxSwarm.uniqueStack("push");
    private final String prefix = SandboxSwarm.registry() + "/" + namespace;
    private final List<String[]> pushedManifests = new ArrayList<>();

    @AfterEach
    void removeWhatWasPushed() {
        for (String[] manifest : pushedManifests) {
            SandboxRegistry.deleteManifest(manifest[0], manifest[1]);
        }
        SandboxRegistry.removeLocalImages(sandbox.docker(), "/" + namespace + "/");
    }

    /** A build whose environment names no commit, so the git repository decides. */
    private static MavenBuild withoutCiCommit(MavenBuild build) {
        return build.environment("CI_COMMIT_SHA", "").environment("GITHUB_SHA", "")
                .environment("CI_COMMIT_BRANCH", "").environment("CI_COMMIT_REF_NAME", "")
                .environment("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "")
                .environment("GITHUB_HEAD_REF", "").environment("GITHUB_REF_NAME", "")
                .environment("CI_REGISTRY_IMAGE", "").environment("GITLAB_TOKEN", "").environment("MY_GITLAB_TOKEN", "");
    }

    @Test
    void tagComesFromTheGitRepositoryAndIsWrittenToTheTagFile() throws Exception {
        MavenBuild build = withoutCiCommit(MavenBuild.of("image-tag")).goals("swarm:tag");
        git(build.projectDir(), "init", "-q", "-b", "main");
        commitAll(build.projectDir());
        String sha = git(build.projectDir(), "rev-parse", "HEAD").strip();
        String before = today();

        MavenBuild.Result result = build.run();

        assertTrue(result.succeeded(), () -> "swarm:tag failed:\n" + result);
        String tag = Files.readString(build.projectDir().resolve("target/swarm/tag"));
        // the UTC date of the run: today, or yesterday when the run crossed midnight
        assertTrue(List.of(before + "_" + sha.substring(0, 8), today() + "_" + sha.substring(0, 8)).contains(tag),
                () -> "tag " + tag + " for commit " + sha);
        assertTrue(result.log().contains("[INFO] Image tag: " + tag + " (commit " + sha.substring(0, 8) + " from git repository"),
                () -> "the log names the tag and where it came from:\n" + result);
        assertFalse(result.log().contains("uncommitted"), () -> "a clean tree gives no warning:\n" + result);

        // target/ is not git-ignored here: the tag file the first run wrote is the plugin's own, not a change
        Files.createDirectories(build.projectDir().resolve(".git/info"));
        Files.writeString(build.projectDir().resolve(".git/info/exclude"), "build.log\n"); // the test's own log
        MavenBuild.Result again = build.run();
        assertTrue(again.succeeded(), () -> "second swarm:tag failed:\n" + again);
        assertFalse(again.log().contains("uncommitted"), () -> "target/swarm/tag is no uncommitted change:\n" + again);
    }

    @Test
    void uncommittedChangesAreAWarningNotAFailure() throws Exception {
        MavenBuild build = withoutCiCommit(MavenBuild.of("image-tag")).goals("swarm:tag");
        git(build.projectDir(), "init", "-q", "-b", "main");
        commitAll(build.projectDir());
        Files.writeString(build.projectDir().resolve("pom.xml"), "\n<!-- edited -->\n", java.nio.file.StandardOpenOption.APPEND);

        MavenBuild.Result result = build.run();

        assertTrue(result.succeeded(), () -> "swarm:tag failed:\n" + result);
        assertTrue(result.log().lines().anyMatch(l -> l.startsWith("[WARNING]") && l.contains("uncommitted") && l.contains("pom.xml")),
                () -> "expected a warning naming pom.xml:\n" + result);
    }

    @Test
    void ciCommitExplicitTagAndCustomFormatWithASeedStyleTagFile() throws Exception {
        MavenBuild.Result fromCi = MavenBuild.of("image-tag").goals("swarm:tag")
                .environment("CI_COMMIT_SHA", CI_COMMIT)
                .property("swarm.tag.format", "{version}-{sha8}")
                .property("swarm.tag.file", "build/build_version.tmp")
                .run();
        assertTrue(fromCi.succeeded(), () -> "swarm:tag failed:\n" + fromCi);
        assertTrue(fromCi.log().contains("[INFO] Image tag: 3.1.0-SNAPSHOT-a5fa34c7 (commit a5fa34c7 from CI_COMMIT_SHA)"),
                () -> fromCi.toString());

        MavenBuild explicitBuild = MavenBuild.of("image-tag").goals("swarm:tag")
                .environment("CI_COMMIT_SHA", CI_COMMIT)
                .property("swarm.tag", "hotfix-7");
        MavenBuild.Result explicit = explicitBuild.run();
        assertTrue(explicit.succeeded(), () -> "swarm:tag failed:\n" + explicit);
        assertEquals("hotfix-7", Files.readString(explicitBuild.projectDir().resolve("target/swarm/tag")));

        MavenBuild.Result bad = MavenBuild.of("image-tag").goals("swarm:tag")
                .environment("CI_COMMIT_SHA", CI_COMMIT)
                .property("swarm.tag.format", "{date}-{commit}")
                .run();
        assertFalse(bad.succeeded(), () -> "an unknown placeholder must fail the build:\n" + bad);
        assertTrue(bad.log().contains("unknown placeholder {commit}"), bad::toString);
    }

    @Test
    void pushBuildsTheLabelledServicesWithTheTagOfTheTagGoal() throws Exception {
        MavenBuild build = withoutCiCommit(MavenBuild.of("image-push"))
                .goals("swarm:tag@release", "swarm:push")
                .property("swarm.labels", "bug, build-backend,build-nginx-proxy,needs-review")
                .property("swarm.imagePrefix", prefix);
        git(build.projectDir(), "init", "-q", "-b", "main");
        commitAll(build.projectDir());
        String sha8 = git(build.projectDir(), "rev-parse", "HEAD").strip().substring(0, 8);
        String tag = "rel-" + sha8;

        MavenBuild.Result result = build.run();

        JsonNode images = readImages(build.projectDir());
        images.forEach(image -> pushedManifests.add(new String[] {
                namespace + "/" + image.get("service").asText(), image.get("digest").asText()}));
        assertTrue(result.succeeded(), () -> "swarm:tag swarm:push failed:\n" + result);
        assertEquals(2, images.size(), images::toString);
        assertEquals("backend", images.get(0).get("service").asText());
        assertEquals("nginx-proxy", images.get(1).get("service").asText());
        for (JsonNode image : images) {
            String service = image.get("service").asText();
            assertEquals(prefix + "/" + service + ":" + tag, image.get("image").asText(), "the push used the tag goal's tag");
            assertEquals(tag, image.get("tag").asText());
            assertEquals(Optional.of(image.get("digest").asText()), SandboxRegistry.registryDigest(namespace + "/" + service, tag),
                    "the registry serves " + service + ":" + tag + " under the reported digest");

            sandbox.docker().removeImageCmd(image.get("image").asText()).withForce(true).exec();
            sandbox.docker().pullImageCmd(prefix + "/" + service).withTag(tag).start().awaitCompletion(2, TimeUnit.MINUTES);
            Map<String, String> labels = sandbox.docker().inspectImageCmd(image.get("image").asText()).exec().getConfig().getLabels();
            assertEquals(service, labels.get("io.github.swarmdeploy.it.service"),
                    "backend from its own Dockerfile, nginx-proxy from the root one with DAEMON=nginx-proxy");
        }
        String backend = images.get(0).get("image").asText();
        assertTrue(SandboxSwarm.imageHasFile(sandbox.docker(), backend, "/ctx/backend/app.txt"),
                "the build context is the project directory");
        assertFalse(SandboxSwarm.imageHasFile(sandbox.docker(), backend, "/ctx/secret.txt"),
                ".dockerignore keeps secret.txt out of the context");
        assertTrue(result.log().contains("Services to build (labels): backend, nginx-proxy"), result::toString);
        assertEquals(1, result.log().lines().filter(line -> line.contains("Image tag: " + tag)).count(),
                () -> "swarm:push does not announce the tag swarm:tag announced:\n" + result);
        // swarm.progress=plain, the default: a batch-mode log follows the builds and the pushes, not only -X
        assertTrue(result.log().contains("[INFO] backend: Step 1/3 : FROM "), () -> "build steps in the batch-mode log:\n" + result);
        assertTrue(result.log().lines().anyMatch(line -> line.startsWith("[INFO] backend: ")
                && (line.endsWith(" Pushed") || line.endsWith(" Layer already exists"))), () -> "layers pushed:\n" + result);
    }

    @Test
    void failedBuildFailsTheGoalNamingTheServiceAndTellsTheMergeRequest() throws Exception {
        FakeGitLab gitlab = FakeGitLab.start();
        MavenBuild build = MavenBuild.of("image-push").goals("swarm:push")
                .environment("CI_COMMIT_SHA", CI_COMMIT)
                .environment("CI_API_V4_URL", gitlab.apiUrl())
                .environment("CI_MERGE_REQUEST_PROJECT_ID", "42")
                .environment("CI_MERGE_REQUEST_IID", "7")
                .environment("GITLAB_TOKEN", "").environment("MY_GITLAB_TOKEN", "")
                .property("swarm.gitlab.token", "glpat-it-token")
                .property("swarm.services", "backend,broken")
                .property("swarm.imagePrefix", prefix);

        MavenBuild.Result result;
        try {
            result = build.run();
        } finally {
            gitlab.close();
        }

        JsonNode images = readImages(build.projectDir());
        images.forEach(image -> pushedManifests.add(new String[] {
                namespace + "/" + image.get("service").asText(), image.get("digest").asText()}));
        assertFalse(result.succeeded(), () -> "a failing build step must fail the build:\n" + result);
        assertTrue(result.log().lines().anyMatch(line -> line.startsWith("[ERROR] Failed to execute goal")
                && line.contains("service broken") && line.contains("file-that-is-not-there")), result::toString);
        assertTrue(result.log().contains("[ERROR] broken:   Step 2/2 : COPY file-that-is-not-there /"),
                () -> "the build output up to the failure is shown:\n" + result);
        assertEquals(1, images.size(), "images.json lists the image pushed before the failure");
        assertEquals("backend", images.get(0).get("service").asText());

        List<FakeGitLab.Received> notes = gitlab.received();
        assertEquals(1, notes.size(), () -> "one note for the merge request:\n" + result);
        assertEquals("POST /api/v4/projects/42/merge_requests/7/notes", notes.get(0).method() + " " + notes.get(0).path());
        assertEquals("glpat-it-token", notes.get(0).token());
        String body = new ObjectMapper().readTree(notes.get(0).body()).get("body").asText();
        assertTrue(body.startsWith(":x: swarm-deploy: the image of service `broken`"), body);
        assertTrue(body.contains("`backend`: `" + images.get(0).get("image").asText() + "`"), body);
        assertFalse(result.log().contains("glpat-it-token"), "the token is never logged");
    }

    @Test
    void nothingSelectedIsNothingToBuildAndSucceeds() throws Exception {
        MavenBuild build = MavenBuild.of("image-push").goals("swarm:push")
                .environment("CI_COMMIT_SHA", CI_COMMIT)
                .property("swarm.labels", "bug,documentation");

        MavenBuild.Result result = build.run();

        assertTrue(result.succeeded(), () -> "nothing to build is a success:\n" + result);
        assertTrue(result.log().contains("Nothing to build"), result::toString);
        assertEquals(0, readImages(build.projectDir()).size());
    }

    @Test
    void pushAuthenticatesWithTheDecryptedSettingsServerNamedAfterTheRegistryHost(@TempDir Path tmp) throws Exception {
        try (AuthenticatingRegistry registry = AuthenticatingRegistry.start(tmp)) {
            String registryPrefix = registry.host() + "/" + namespace;

            MavenBuild anonymous = anonymousPush(MavenBuild.of("image-push"), tmp, registryPrefix);
            MavenBuild.Result refused = anonymous.run();
            assertFalse(refused.succeeded(), () -> "the registry demands credentials:\n" + refused);
            assertTrue(refused.log().contains("service backend") && refused.log().contains("no basic auth credentials"),
                    refused::toString);
            // built but not pushed; the next build's context differs (its settings.xml), so its image would
            // take the tag and leave this one dangling where the clean-up cannot see it
            sandbox.docker().removeImageCmd(registryPrefix + "/backend:20240727_a5fa34c7").withForce(true).exec();

            MavenBuild authenticated = registry.withSettingsServer(anonymousPush(MavenBuild.of("image-push"), tmp,
                    registryPrefix), tmp);
            MavenBuild.Result result = authenticated.run();

            assertTrue(result.succeeded(), () -> "push with the settings.xml server failed:\n" + result);
            JsonNode images = readImages(authenticated.projectDir());
            assertEquals(1, images.size(), images::toString);
            assertEquals(Optional.of(images.get(0).get("digest").asText()),
                    registry.digest(namespace + "/backend", "20240727_a5fa34c7"),
                    "the authenticating registry holds the image under the reported digest");
            assertFalse(AuthenticatingRegistry.revealsThePassword(result.log()), "no password in the log");
        }
    }

    /** swarm:push of backend to {@code registryPrefix} where no credential source but settings.xml could apply. */
    private static MavenBuild anonymousPush(MavenBuild build, Path tmp, String registryPrefix) {
        return AuthenticatingRegistry.withoutOtherCredentials(build, tmp).goals("swarm:push")
                .environment("CI_COMMIT_SHA", CI_COMMIT)
                .environment("GITLAB_TOKEN", "").environment("MY_GITLAB_TOKEN", "")
                .property("swarm.tag", "20240727_a5fa34c7")
                .property("swarm.services", "backend")
                .property("swarm.imagePrefix", registryPrefix);
    }

    private static JsonNode readImages(Path projectDir) throws IOException {
        Path file = projectDir.resolve("target/swarm/images.json");
        return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : new ObjectMapper().createArrayNode();
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static String commitAll(Path dir) throws Exception {
        git(dir, "-c", "user.email=it@example.com", "-c", "user.name=it", "add", "-A");
        return git(dir, "-c", "user.email=it@example.com", "-c", "user.name=it", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "sample project");
    }

    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return Processes.runIn(dir, command.toArray(String[]::new));
    }
}
