package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.ObjectNamer;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle: for each fixture, {@code docker stack deploy} (CLI 28.2) creates the stack under one name, our
 * loader and converter create it under another with the requests docker's CLI makes, and the services,
 * networks, configs and secrets the engine then reports must be identical field for field (after
 * {@link SwarmSnapshot}'s normalisation: IDs, versions, timestamps, allocated addresses, the stack name).
 *
 * <p>The two stacks are created one after the other (each removed before the next), since their ingress
 * ports and explicit names would collide. Everything created is removed, also on failure.
 */
class StackDeployOracleIT {

    private static final Map<String, String> ENV = System.getenv();
    private static final String REGISTRY = ENV.getOrDefault("SWARM_SANDBOX_REGISTRY", "127.0.0.1:5000");
    private static final String BASE_IMAGE = ENV.getOrDefault("SWARM_SANDBOX_BASE_IMAGE",
            REGISTRY + "/sandbox/busybox:latest");
    private static final List<String> FINISHED_TASK_STATES = List.of("complete", "shutdown", "failed", "rejected",
            "orphaned", "remove");

    private static EngineConnection engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() {
        engine = requireManager();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> dockerAndOurConverterCreateIdenticalObjects() {
        return OracleFixtures.all().stream()
                .map(fixture -> DynamicTest.dynamicTest(fixture.id(), () -> assertIdentical(fixture)));
    }

    private void assertIdentical(OracleFixture fixture) {
        String token = uniqueToken();
        String dockerStack = token + "d";
        String ourStack = token + "o";
        OracleFixture.Prepared prepared = fixture.prepare(work.resolve(fixture.id()), token, BASE_IMAGE)
                .withVariable(OracleFixture.REGISTRY_VARIABLE, REGISTRY);
        Map<String, String> environment = DockerCli.environment(prepared.environment());
        List<String> createdExternals = new ArrayList<>();
        Throwable primary = null;
        try {
            for (OracleFixture.External external : prepared.externals()) {
                createdExternals.add(createExternal(external));
            }

            DockerCli.Result deployed;
            List<RecordingProxy.Request> dockerRequests;
            try (RecordingProxy proxy = RecordingProxy.start(work.resolve("docker.sock"), engineHost())) {
                Map<String, String> variables = new HashMap<>(prepared.environment());
                variables.put("DOCKER_HOST", proxy.dockerHost());
                deployed = DockerCli.stackDeploy(prepared.composeFile(), dockerStack, variables);
                dockerRequests = proxy.requests();
            }
            assertEquals(0, deployed.exitCode(), fixture.id() + ": docker stack deploy failed:\n" + deployed.output());
            ObjectNode docker = SwarmSnapshot.read(engine, dockerStack, Map.of(dockerStack, "<stack>", token, "<token>"));
            removeStack(dockerStack);

            StackDefinition definition = StackLoader.forFiles(List.of(prepared.composeFile())).environment(environment)
                    .readDotEnv(false).stackName(ourStack).load().definition();
            DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert(ourStack, definition);
            List<DockerLikeDeployment.Sent> ourRequests = DockerLikeDeployment.create(engine, desired);
            ObjectNode ours = SwarmSnapshot.read(engine, ourStack, Map.of(ourStack, "<stack>", token, "<token>"));

            writeSnapshots(fixture.id(), docker, ours);
            ObjectNode dockerSent = SentRequests.byKindAndName(SentRequests.creates(dockerRequests),
                    Map.of(dockerStack, "<stack>", token, "<token>"));
            ObjectNode ourSent = SentRequests.byKindAndName(ourRequests, Map.of(ourStack, "<stack>", token, "<token>"));
            writeSnapshots(fixture.id() + ".sent", dockerSent, ourSent);
            assertEquals(desired.services().size(), docker.path("services").size(), fixture.id()
                    + ": docker did not create every service:\n" + deployed.output());
            List<String> differences = new ArrayList<>();
            JsonDiff.differences(docker, ours).forEach(difference -> differences.add("engine: " + difference));
            JsonDiff.differences(dockerSent, ourSent).forEach(difference -> differences.add("sent: " + difference));
            assertTrue(differences.isEmpty(), JsonDiff.report(fixture.id() + " (docker vs ours)", differences)
                    + "\n(both snapshots: target/oracle/" + fixture.id() + ".*.json)");
        } catch (RuntimeException | AssertionError e) {
            primary = e;
            throw e;
        } finally {
            List<Runnable> cleanup = new ArrayList<>();
            cleanup.add(() -> removeStack(dockerStack));
            cleanup.add(() -> removeStack(ourStack));
            createdExternals.forEach(path -> cleanup.add(() -> deleteQuietly(path)));
            cleanup.add(() -> removeVolumes(token));
            RuntimeException cleanupFailure = runAll(cleanup);
            if (cleanupFailure != null) {
                if (primary == null) {
                    throw cleanupFailure;
                }
                primary.addSuppressed(cleanupFailure);
            }
        }
    }

    /** Runs every step even when one fails; returns the first failure with the others suppressed, or null. */
    private static RuntimeException runAll(List<Runnable> steps) {
        RuntimeException failure = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException | AssertionError e) {
                RuntimeException wrapped = e instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("cleanup failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        return failure;
    }

    // ---- sandbox plumbing (to be replaced by the shared swarm-core sandbox helper once it is on main)

    /** The sandbox's swarm manager; missing: a failure under CI=true, else the test is skipped. */
    private static EngineConnection requireManager() {
        EngineConnection connection = EngineConnection.open(EngineSettings.fromEnvironment(ENV));
        String problem;
        try {
            problem = connection.fetchJson("/info").path("Swarm").path("ControlAvailable").asBoolean() ? null
                    : "the engine at " + connection.description() + " is not a swarm manager";
        } catch (EngineException e) {
            problem = "no Docker engine answers: " + e.getMessage();
        }
        if (problem == null) {
            return connection;
        }
        connection.close();
        String message = problem + ": start the sandbox with `scripts/swarm-sandbox up`";
        if ("true".equalsIgnoreCase(ENV.get("CI"))) {
            Assertions.fail("CI=true: " + message);
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    /** {@code it<8 random>-cvt}: the stack names and global names of one fixture's run start with it. */
    private static String uniqueToken() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder token = new StringBuilder("it");
        Random random = new SecureRandom();
        for (int i = 0; i < 8; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.append("-cvt").toString();
    }

    /** What {@code docker stack rm} does, then waits until the stack's networks are gone. */
    private static void removeStack(String stack) {
        String filter = "?filters=" + URLEncoder.encode("{\"label\":[\"com.docker.stack.namespace=" + stack + "\"]}",
                StandardCharsets.UTF_8);
        for (JsonNode service : engine.fetchJson("/services" + filter)) {
            deleteQuietly("/services/" + service.path("ID").asText());
        }
        // tasks of removed job services stay listed as complete: wait for the others only
        await("tasks of " + stack + " finished", Duration.ofSeconds(90), () -> {
            List<String> running = new ArrayList<>();
            for (JsonNode task : engine.fetchJson("/tasks" + filter)) {
                if (!FINISHED_TASK_STATES.contains(task.path("Status").path("State").asText())) {
                    running.add(task.path("ID").asText() + ":" + task.path("Status").path("State").asText());
                }
            }
            return running;
        }, List::isEmpty);
        for (String kind : List.of("configs", "secrets")) {
            for (JsonNode object : engine.fetchJson("/" + kind + filter)) {
                deleteQuietly("/" + kind + "/" + object.path("ID").asText());
            }
        }
        await("networks of " + stack + " removed", Duration.ofSeconds(90), () -> {
            List<String> left = new ArrayList<>();
            for (JsonNode network : engine.fetchJson("/networks" + filter)) {
                if (!deleteQuietly("/networks/" + network.path("Id").asText())) {
                    left.add(network.path("Name").asText());
                }
            }
            return left;
        }, List::isEmpty);
    }

    /** Polls until {@code done} accepts the probe's value; fails with the last value seen at the deadline. */
    private static <T> T await(String what, Duration timeout, Supplier<T> probe,
                               Predicate<? super T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                        + "; last seen: " + last);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The engine's address as docker would use it: DOCKER_HOST, else the default socket. */
    private static String engineHost() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
    }

    /** Both normalised snapshots under target/oracle/, to read what was compared. */
    private static void writeSnapshots(String id, JsonNode docker, JsonNode ours) {
        try {
            Path directory = Path.of("target", "oracle");
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(id + ".docker.json"), docker.toPrettyString());
            Files.writeString(directory.resolve(id + ".ours.json"), ours.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an external object the file expects; returns the path that deletes it. */
    private static String createExternal(OracleFixture.External external) {
        switch (external.kind()) {
            case "networks" -> {
                JsonNode created = engine.sendJson(Method.POST, "/networks/create", Map.of("Name", external.name(),
                        "Driver", "overlay", "Attachable", true, "CheckDuplicate", true));
                return "/networks/" + created.path("Id").asText();
            }
            case "secrets", "configs" -> {
                JsonNode created = engine.sendJson(Method.POST, "/" + external.kind() + "/create",
                        Map.of("Name", external.name(), "Data", "ZXh0ZXJuYWw="));
                return "/" + external.kind() + "/" + created.path("ID").asText();
            }
            case "volumes" -> {
                return "/volumes/" + external.name(); // created by the engine when a task mounts it, if ever
            }
            default -> throw new IllegalArgumentException(external.kind());
        }
    }

    /** Volumes the tasks of either stack created: labelled with a stack of this run, or named with its token. */
    private static void removeVolumes(String token) {
        await("volumes of " + token + " removed", Duration.ofSeconds(60), () -> {
            List<String> left = new ArrayList<>();
            for (JsonNode volume : engine.fetchJson("/volumes").path("Volumes")) {
                String name = volume.path("Name").asText();
                String stack = volume.path("Labels").path("com.docker.stack.namespace").asText("");
                if (name.startsWith(token) || stack.startsWith(token)) {
                    if (!deleteQuietly("/volumes/" + URLEncoder.encode(name, StandardCharsets.UTF_8))) {
                        left.add(name);
                    }
                }
            }
            return left;
        }, List::isEmpty);
    }

    /** True when the object is gone (deleted now or already). */
    private static boolean deleteQuietly(String path) {
        try {
            engine.sendJson(Method.DELETE, path, null);
            return true;
        } catch (EngineException e) {
            return e.isNotFound();
        }
    }
}
