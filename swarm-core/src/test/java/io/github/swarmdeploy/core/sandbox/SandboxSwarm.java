package io.github.swarmdeploy.core.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.naming.StackLabels;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The sandbox swarm of {@code scripts/swarm-sandbox up} for swarm-core integration tests: a connection
 * checked to reach a swarm manager (the test fails under {@code CI=true} and is skipped elsewhere when none
 * answers), unique stack names, polling with a deadline, and removal of everything a test stack left.
 */
public final class SandboxSwarm {

    public static final String HOW_TO_START =
            "start the sandbox with `scripts/swarm-sandbox up`, then `eval \"$(scripts/swarm-sandbox env)\"`";
    private static final Map<String, String> ENV = System.getenv();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> TERMINAL_TASK_STATES =
            Set.of("complete", "failed", "shutdown", "rejected", "orphaned", "remove");

    private SandboxSwarm() {
    }

    /** The registry every test image lives in. */
    public static String registry() {
        return ENV.getOrDefault("SWARM_SANDBOX_REGISTRY", "127.0.0.1:5000");
    }

    /** The base image test images are built from (never pulled from Docker Hub). */
    public static String baseImage() {
        return ENV.getOrDefault("SWARM_SANDBOX_BASE_IMAGE", registry() + "/sandbox/busybox:latest");
    }

    /** A connection to the sandbox's swarm manager; fails under CI, skips elsewhere, when there is none. */
    public static EngineConnection requireManager() {
        EngineConnection engine = EngineConnection.open(EngineSettings.fromEnvironment(ENV));
        String problem;
        try {
            JsonNode info = engine.fetchJson("/info");
            problem = info.path("Swarm").path("ControlAvailable").asBoolean() ? null
                    : "the engine at " + engine.description() + " is not a swarm manager";
        } catch (EngineException e) {
            problem = "no Docker engine answers: " + e.getMessage();
        }
        if (problem == null) {
            return engine;
        }
        engine.close();
        String message = problem + ": " + HOW_TO_START;
        if ("true".equalsIgnoreCase(ENV.get("CI"))) {
            Assertions.fail("CI=true: " + message);
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    /** {@code it<8 random>-<purpose>}: a stack name no other run uses. */
    public static String uniqueStack(String purpose) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder("it");
        for (int i = 0; i < 8; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.append('-').append(purpose).toString();
    }

    /**
     * Names of every service, network, config and secret labelled with the stack, sorted, kind-prefixed
     * ({@code config:x}): to assert that a failed deploy changed nothing.
     */
    public static List<String> listStackObjects(EngineConnection engine, String stack) {
        List<String> names = new ArrayList<>();
        for (String kind : List.of("services", "networks", "configs", "secrets")) {
            for (JsonNode object : engine.fetchJson("/" + kind + "?filters=" + labelFilter(stack))) {
                String name = object.has("Spec") ? object.path("Spec").path("Name").asText() : object.path("Name").asText();
                String version = object.path("Version").path("Index").asText("");
                names.add(kind + ":" + name + (version.isEmpty() ? "" : "@" + version));
            }
        }
        return List.copyOf(new TreeSet<>(names));
    }

    /**
     * Builds {@code <registry>/<repository>:<tag>} from the base image plus {@code dockerfileLines} (with
     * {@code files} in the build context, by relative path; {@code *.sh} executable), pushes it to the
     * sandbox registry and returns its name. The engine caches builds, so a repeated run is quick.
     */
    public static String buildAndPush(EngineConnection engine, String repository, String tag, Map<String, String> files,
                                      String... dockerfileLines) {
        String image = registry() + "/" + repository + ":" + tag;
        Path context = null;
        try {
            context = Files.createTempDirectory("swarm-it-image");
            Files.writeString(context.resolve("Dockerfile"), "FROM " + baseImage() + "\n"
                    + String.join("\n", dockerfileLines) + "\n");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = context.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
                if (file.getKey().endsWith(".sh")) {
                    // executable in the context: the image needs no RUN step, so no container and no bridge
                    target.toFile().setExecutable(true, false);
                }
            }
            engine.client().buildImageCmd(context.toFile()).withTags(Set.of(image)).withPull(false)
                    .exec(new BuildImageResultCallback()).awaitImageId();
            engine.client().pushImageCmd(image).exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context of " + image, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while pushing " + image, e);
        } finally {
            deleteTree(context);
        }
        return image;
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Removes every service, then config, secret and network of the stack (what {@code docker stack rm} does). */
    public static void removeStack(EngineConnection engine, String stack) {
        for (JsonNode service : engine.fetchJson("/services?filters=" + labelFilter(stack))) {
            deleteQuietly(engine, "/services/" + service.path("ID").asText());
        }
        // tasks of removed job services may stay listed as complete: wait for those that still run
        await("tasks of " + stack + " stopped", Duration.ofSeconds(60), () -> {
            int running = 0;
            for (JsonNode task : engine.fetchJson("/tasks?filters=" + labelFilter(stack))) {
                running += TERMINAL_TASK_STATES.contains(task.path("Status").path("State").asText()) ? 0 : 1;
            }
            return running;
        }, count -> count == 0);
        for (String kind : List.of("configs", "secrets")) {
            for (JsonNode object : engine.fetchJson("/" + kind + "?filters=" + labelFilter(stack))) {
                deleteQuietly(engine, "/" + kind + "/" + object.path("ID").asText());
            }
        }
        // networks go once the last task's container has left them
        await("networks of " + stack + " gone", Duration.ofSeconds(60), () -> {
            for (JsonNode network : engine.fetchJson("/networks?filters=" + labelFilter(stack))) {
                deleteQuietly(engine, "/networks/" + network.path("Id").asText());
            }
            return engine.fetchJson("/networks?filters=" + labelFilter(stack)).size();
        }, count -> count == 0);
    }

    /** Polls until {@code done} accepts the probe's value; fails with the last value seen at the deadline. */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                        + "; last seen: " + (lastError != null ? lastError : last), lastError);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    public static String labelFilter(String stack) {
        return URLEncoder.encode("{\"label\":[\"" + StackLabels.namespaceFilter(stack) + "\"]}", StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(EngineConnection engine, String path) {
        try {
            engine.sendJson(Method.DELETE, path, null);
        } catch (EngineException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }
}
