package io.github.swarmdeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.sandbox.SandboxRegistry;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three pipelines of examples/gitlab-ci, in order, as a GitLab user runs them: run by a real GitLab CI engine
 * (gitlab-ci-local, through scripts/gitlab-local) against the sandbox registry and swarm. The deploy-manifests
 * pipeline deploys the stacks project_prod and project_dev, the original names: this class owns them, removes
 * them before (left over by an aborted run) and after, and no other test uses them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitLabPipelinesIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    private static final String PROD = "project_prod";
    private static final String DEV = "project_dev";
    private static final String SECRET = "project-prod-postgres-passwd";
    private static final Pattern TAG = Pattern.compile("\\d{8}_[0-9a-f]{8}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String backendTag;
    private static String frontTag;
    private static Path manifests;
    private static boolean createdSecret;
    private static final List<String> images = new ArrayList<>();

    @BeforeAll
    static void noStacksLeftFromAnAbortedRun() {
        SandboxSwarm.removeStack(sandbox.connection(), DEV);
        SandboxSwarm.removeStack(sandbox.connection(), PROD);
    }

    @AfterAll
    static void removeWhatThePipelinesCreated() {
        if (!hasManager()) {
            return;
        }
        List<Runnable> steps = new ArrayList<>();
        steps.add(() -> SandboxSwarm.removeStack(sandbox.connection(), DEV));
        steps.add(() -> SandboxSwarm.removeStack(sandbox.connection(), PROD));
        if (createdSecret) {
            steps.add(() -> SandboxSwarm.delete(sandbox.connection(), "/secrets/" + SECRET));
        }
        images.forEach(image -> steps.add(() -> SandboxSwarm.delete(sandbox.connection(), "/images/"
                + URLEncoder.encode(image, StandardCharsets.UTF_8) + "?force=true")));
        RuntimeException failure = SandboxSwarm.runAll(steps);
        if (failure != null) {
            throw failure;
        }
    }

    private static boolean hasManager() {
        try {
            sandbox.connection();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static GitLabLocal.Run mergeRequest(Path dir, String iid, String labels) {
        return GitLabLocal.run(dir, "--variable", "CI_PIPELINE_SOURCE=merge_request_event",
                "--variable", "CI_MERGE_REQUEST_IID=" + iid, "--variable", "CI_MERGE_REQUEST_LABELS=" + labels);
    }

    private static void assertNoSecretIn(GitLabLocal.Run run) {
        String notes = GitLabLocal.read(run.workdir().resolve("notes.jsonl"));
        for (String secret : run.secrets()) {
            assertFalse(run.output().contains(secret), "a token's value is in the pipeline's output");
            assertFalse(notes.contains(secret), "a token's value is in notes.jsonl");
        }
        assertFalse(run.output().contains("PRIVATE KEY-----"), "the SSH key is in the pipeline's output");
    }

    @Test
    @Order(1)
    void backendMergeRequestWithBuildLabelsPushesBothServicesWithOneTagAndNotesThem() throws Exception {
        GitLabLocal.Run run = mergeRequest(GitLabLocal.example("backend"), "7", "build-ping,build-backend");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode pushed = JSON.readTree(run.file("target/swarm/images.json"));
        assertEquals(2, pushed.size(), pushed::toString);
        backendTag = pushed.get(0).path("tag").asText();
        assertTrue(TAG.matcher(backendTag).matches(), backendTag);
        assertEquals("SWARM_TAG=" + backendTag + "\n", run.file("target/swarm/swarm.env"), "build-test handed on the tag");
        List<JsonNode> notes = run.notes();
        assertEquals(1, notes.size(), notes::toString);
        assertEquals("/api/v4/projects/1217/merge_requests/7/notes", notes.get(0).path("path").asText());
        assertEquals("[MASKED]", notes.get(0).path("headers").path("private-token").asText());
        String note = notes.get(0).path("body").asText();
        for (String service : List.of("ping", "backend")) {
            String repository = "swarm-examples/backend/" + service;
            images.add(SandboxSwarm.registry() + "/" + repository + ":" + backendTag);
            assertEquals(200, SandboxRegistry.manifestStatus(repository, backendTag), repository + ":" + backendTag);
            JsonNode image = pushed.get(service.equals("ping") ? 0 : 1);
            assertEquals(backendTag, image.path("tag").asText(), "one tag for every image of the pipeline");
            assertTrue(note.contains("`" + SandboxSwarm.registry() + "/" + repository + ":" + backendTag + "` (`"
                    + image.path("digest").asText() + "`)"), note);
        }
        assertNoSecretIn(run);
    }

    @Test
    @Order(2)
    void frontendMergeRequestLabelledBuildFrontPushesFront() throws Exception {
        GitLabLocal.Run run = mergeRequest(GitLabLocal.example("frontend"), "8", "build-front");

        assertEquals(0, run.exitCode(), run::toString);
        frontTag = JSON.readTree(run.file("target/swarm/images.json")).get(0).path("tag").asText();
        images.add(SandboxSwarm.registry() + "/swarm-examples/frontend/front:" + frontTag);
        assertEquals(200, SandboxRegistry.manifestStatus("swarm-examples/frontend/front", frontTag));
        assertTrue(run.notes().get(0).path("body").asText().contains("frontend/front:" + frontTag), run.notes()::toString);
    }

    /**
     * The old pipeline deployed project_prod with get-config-versions.py's variables and {@code docker stack deploy
     * --detach=false --prune --with-registry-auth}; the first prod-deploy of the new one takes it over: nothing to do.
     */
    @Test
    @Order(3)
    void prodDeployTakesOverTheStackTheOldPipelineDeployedWithoutUpdatingAService() throws Exception {
        manifests = manifestsWith(backendTag, frontTag);
        if (!sandbox.connection().fetchJson("/secrets?filters=" + URLEncoder.encode("{\"name\":[\"" + SECRET + "\"]}",
                StandardCharsets.UTF_8)).iterator().hasNext()) {
            // server preparation, as the README says: the external secrets
            GitLabLocal.Command.run(null, Map.of(), 60, List.of("sh", "-c",
                    "head -c 18 /dev/urandom | base64 | docker secret create " + SECRET + " -"));
            createdSecret = true;
        }
        GitLabLocal.Command.run(manifests, Map.of("CI_REGISTRY", SandboxSwarm.registry(),
                "PROJECT_PROD_NGINX_PROXY_CONFIG", getConfigVersionsName("PROJECT_PROD_NGINX_PROXY_CONFIG", "prod/nginx-proxy/default.conf"),
                "PROJECT_PROD_BACKEND_CONFIG", getConfigVersionsName("PROJECT_PROD_BACKEND_CONFIG", "prod/backend/config.toml")),
                300, List.of("docker", "stack", "deploy", "--detach=false", "--prune", "--with-registry-auth",
                        "--compose-file", "docker-compose.prod.yaml", PROD));
        Map<String, Long> oldPipeline = DeployedStacks.versions(sandbox.docker(), PROD);
        assertEquals(4, oldPipeline.size(), oldPipeline::toString);

        GitLabLocal.Run run = mergeRequest(manifests, "9", "prod-deploy");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().contains("Plan for stack " + PROD + ": no changes"), run::toString);
        assertEquals(oldPipeline, DeployedStacks.versions(sandbox.docker(), PROD), "no service was updated");
        assertConverged(PROD);
        assertTrue(run.notes().get(0).path("body").asText().contains("stack `" + PROD + "`"), run.notes()::toString);
        assertFalse(run.output().contains("job token"), "the swarm got the deploy token, not the job token");
        assertNoSecretIn(run);
        try (var archives = Files.list(run.workdir().resolve(".m2/cds"))) {
            assertEquals(1, archives.filter(file -> file.toString().endsWith(".jsa")).count(),
                    "the first deploy job on an image writes the class-data archive the cache keeps for the next ones");
        }
    }

    @Test
    @Order(4)
    void prodDeployAgainUpdatesNoService() {
        Map<String, Long> before = DeployedStacks.versions(sandbox.docker(), PROD);

        GitLabLocal.Run run = mergeRequest(manifests, "9", "prod-deploy");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(before, DeployedStacks.versions(sandbox.docker(), PROD), "no service was updated");
        assertConverged(PROD);
    }

    @Test
    @Order(5)
    void aChangedConfigFileRollsOnlyTheServicesThatUseIt() throws IOException {
        Map<String, Long> before = DeployedStacks.versions(sandbox.docker(), PROD);
        Files.writeString(manifests.resolve("prod/nginx-proxy/default.conf"), "\nlocation /health -> 200\n",
                java.nio.file.StandardOpenOption.APPEND);

        GitLabLocal.Run run = mergeRequest(manifests, "10", "prod-deploy");

        assertEquals(0, run.exitCode(), run::toString);
        Map<String, Long> after = DeployedStacks.versions(sandbox.docker(), PROD);
        for (String service : before.keySet()) {
            if (service.equals(PROD + "_nginx-proxy")) {
                assertTrue(after.get(service) > before.get(service), "nginx-proxy rolled: " + before + " -> " + after);
            } else {
                assertEquals(before.get(service), after.get(service), service + " was updated: " + before + " -> " + after);
            }
        }
        assertTrue(DeployedStacks.configNames(sandbox.docker(), PROD).contains(
                getConfigVersionsName("PROJECT_PROD_NGINX_PROXY_CONFIG", "prod/nginx-proxy/default.conf")));
        assertConverged(PROD);
    }

    /** A backend tag whose health check fails (it listens on the wrong port: its unit tests cannot see that). */
    @Test
    @Order(6)
    void aBackendTagWhoseHealthCheckFailsFailsTheJobAndThePipelineAndTheOldVersionStillRuns() throws Exception {
        Path broken = copy(GitLabLocal.example("backend"), Paths.get(MavenBuild.requiredProperty("it.workDir"), "backend-broken"));
        Path main = broken.resolve("backend/main.sh");
        Files.writeString(main, Files.readString(main).replace("-p 8080", "-p 8081"));
        GitLabLocal.Run build = mergeRequest(broken, "11", "build-backend");
        assertEquals(0, build.exitCode(), build::toString);
        String brokenTag = JSON.readTree(build.file("target/swarm/images.json")).get(0).path("tag").asText();
        images.add(SandboxSwarm.registry() + "/swarm-examples/backend/backend:" + brokenTag);
        assertNotEquals(backendTag, brokenTag);
        String runningImage = serviceImage(PROD + "_backend");
        Path compose = manifests.resolve("docker-compose.prod.yaml");
        String good = Files.readString(compose);
        Files.writeString(compose, good.replace("backend/backend:" + backendTag, "backend/backend:" + brokenTag));

        GitLabLocal.Run run = mergeRequest(manifests, "12", "prod-deploy");

        Files.writeString(compose, good);
        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().contains("FAIL  prod-deploy"), run::toString);
        assertTrue(run.output().contains(PROD + "_backend: rolled back"), run::toString);
        assertEquals(runningImage, serviceImage(PROD + "_backend"), "the spec is the old version again");
        assertConverged(PROD);
        assertTrue(run.notes().get(0).path("body").asText().startsWith(":x:"), run.notes()::toString);
    }

    /** The dev pipeline also shows what a project without a deploy token gets: a warning about the job token. */
    @Test
    @Order(7)
    void devDeployDeploysProjectDevOnlyAndWarnsWhenOnlyTheJobTokenWouldBeStored() {
        Map<String, Long> prod = DeployedStacks.versions(sandbox.docker(), PROD);

        GitLabLocal.Run run = GitLabLocal.run(manifests, "--variable", "CI_PIPELINE_SOURCE=merge_request_event",
                "--variable", "CI_MERGE_REQUEST_IID=13", "--variable", "CI_MERGE_REQUEST_LABELS=dev-deploy",
                "--variable", "CI_DEPLOY_USER=", "--variable", "CI_DEPLOY_PASSWORD=");

        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(run.output().contains("prod-deploy starting"), "prod-deploy waits for a hand on a merge request");
        assertEquals(prod, DeployedStacks.versions(sandbox.docker(), PROD), "project_prod was not touched");
        assertEquals(new TreeSet<>(List.of(DEV + "_backend", DEV + "_frontend")),
                new TreeSet<>(DeployedStacks.versions(sandbox.docker(), DEV).keySet()));
        assertConverged(DEV);
        assertTrue(run.output().contains("The swarm gets GitLab's job token for " + SandboxSwarm.registry()), run::toString);
    }

    // ---- helpers

    /** A copy of the deploy-manifests example whose stack files name the images the pipelines above pushed. */
    private static Path manifestsWith(String backend, String front) throws IOException {
        Path copy = copy(GitLabLocal.example("deploy-manifests"), Paths.get(MavenBuild.requiredProperty("it.workDir"), "deploy-manifests"));
        for (String file : List.of("docker-compose.prod.yaml", "docker-compose.dev.yaml")) {
            Path compose = copy.resolve(file);
            Files.writeString(compose, Files.readString(compose)
                    .replaceAll("backend/backend:\\d{8}_[0-9a-f]{8}", "backend/backend:" + backend)
                    .replaceAll("frontend/front:\\d{8}_[0-9a-f]{8}", "frontend/front:" + front));
        }
        return copy;
    }

    /** What get-config-versions.py exported for a config named {@code ${VARIABLE}}: lower(VARIABLE_md5(file)). */
    private static String getConfigVersionsName(String variable, String file) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(manifests.resolve(file)));
            return (variable + "_" + String.format("%032x", new BigInteger(1, md5))).toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serviceImage(String service) {
        return sandbox.docker().inspectServiceCmd(service).exec().getSpec().getTaskTemplate().getContainerSpec().getImage();
    }

    /** Every service of the stack has its one task running, with the image its spec names. */
    private static void assertConverged(String stack) {
        for (String service : DeployedStacks.versions(sandbox.docker(), stack).keySet()) {
            String image = serviceImage(service);
            SandboxSwarm.await(service + " running " + image, Duration.ofSeconds(60), () -> {
                List<String> running = new ArrayList<>();
                String filters = URLEncoder.encode("{\"service\":[\"" + service + "\"],\"desired-state\":[\"running\"]}",
                        StandardCharsets.UTF_8);
                for (JsonNode task : sandbox.connection().fetchJson("/tasks?filters=" + filters)) {
                    running.add(task.path("Status").path("State").asText() + " "
                            + task.path("Spec").path("ContainerSpec").path("Image").asText());
                }
                return running;
            }, running -> running.equals(List.of("running " + image)));
        }
    }

    private static Path copy(Path source, Path target) {
        GitLabLocal.Command.run(null, Map.of(), 60, List.of("rm", "-rf", target.toString()));
        GitLabLocal.Command.run(null, Map.of(), 60, List.of("mkdir", "-p", target.getParent().toString()));
        GitLabLocal.Command.run(null, Map.of(), 60, List.of("cp", "-a", source.toString(), target.toString()));
        return target;
    }
}
