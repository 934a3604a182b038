package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineSettings;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The sandbox swarm ({@code scripts/swarm-sandbox up}) as the rollout tests use it: a checked connection,
 * test images built {@code FROM} the sandbox base image and pushed to the sandbox registry (nothing comes
 * from Docker Hub), and services created and updated directly through the Engine API, as a deploy would.
 */
final class RolloutSandbox {

    static final String HOW_TO_START =
            "start the sandbox with `scripts/swarm-sandbox up`, then `eval \"$(scripts/swarm-sandbox env)\"`";
    /** Label on every service these tests create, to find leftovers by hand. */
    static final String TEST_LABEL = "io.github.swarmdeploy.test";

    private static final Map<String, String> ENV = System.getenv();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long SECOND = 1_000_000_000L;

    private RolloutSandbox() {
    }

    static String registry() {
        return ENV.getOrDefault("SWARM_SANDBOX_REGISTRY", "127.0.0.1:5000");
    }

    static String baseImage() {
        return ENV.getOrDefault("SWARM_SANDBOX_BASE_IMAGE", registry() + "/sandbox/busybox:latest");
    }

    /** A connection to a swarm manager; the test fails under {@code CI=true}, and is skipped elsewhere, without one. */
    static EngineConnection requireManager() {
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

    /** {@code it<8 random>-<purpose>}: a service name no other run uses. */
    static String uniqueName(String purpose) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder("it");
        for (int i = 0; i < 8; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.append('-').append(purpose).toString();
    }

    /**
     * Builds {@code <registry>/rollout-it/app:<tag>} from the base image plus the given Dockerfile lines,
     * pushes it and returns its name. Builds are cached by the engine, so repeated runs are quick.
     */
    static String buildAndPush(EngineConnection engine, String tag, String... dockerfileLines) {
        String image = registry() + "/rollout-it/app:" + tag;
        Path context = null;
        try {
            context = Files.createTempDirectory("rollout-it-image");
            Files.writeString(context.resolve("Dockerfile"), "FROM " + baseImage() + "\n"
                    + String.join("\n", dockerfileLines) + "\n");
            engine.client().buildImageCmd(context.toFile())
                    .withTags(Set.of(image))
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
            engine.client().pushImageCmd(image).exec(new ResultCallback.Adapter<PushResponseItem>())
                    .awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context of " + image, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while pushing " + image, e);
        } finally {
            deleteTree(context);
        }
        String repository = image.substring(registry().length() + 1, image.lastIndexOf(':'));
        JsonNode tags = registryTags(repository);
        if (tags == null || !tags.toString().contains("\"" + tag + "\"")) {
            throw new AssertionError("the push of " + image + " did not reach " + registry() + ": tags " + tags);
        }
        return image;
    }

    private static JsonNode registryTags(String repository) {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://" + registry() + "/v2/" + repository + "/tags/list")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return SwarmJson.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask " + registry() + " for the tags of " + repository, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A replicated service spec with what these tests want from every service: quick stops (the command
     * traps TERM), quick restarts, a 1s update monitor, stop-first updates of one task at a time, host
     * networking.
     */
    static ObjectNode serviceSpec(String name, String image) {
        ObjectNode spec = SwarmJson.JSON.createObjectNode();
        spec.put("Name", name);
        spec.putObject("Labels").put(TEST_LABEL, "rollout");
        ObjectNode task = spec.putObject("TaskTemplate");
        ObjectNode container = task.putObject("ContainerSpec");
        container.put("Image", image);
        container.put("StopGracePeriod", 2 * SECOND);
        task.putObject("RestartPolicy").put("Condition", "any").put("Delay", SECOND / 5);
        // these containers talk to no one: host networking keeps them off docker's default bridge, whose
        // Linux bridge (docker0) has been seen to vanish on the shared sandbox and fail every task
        task.putArray("Networks").addObject().put("Target", "host");
        spec.putObject("Mode").putObject("Replicated").put("Replicas", 1);
        spec.putObject("UpdateConfig").put("Parallelism", 1).put("Monitor", SECOND)
                .put("FailureAction", "pause").put("Order", "stop-first");
        spec.putObject("RollbackConfig").put("Parallelism", 1).put("Monitor", SECOND)
                .put("FailureAction", "pause").put("Order", "stop-first");
        return spec;
    }

    static void command(ObjectNode spec, String... command) {
        ObjectNode container = (ObjectNode) spec.path("TaskTemplate").path("ContainerSpec");
        Stream.of(command).forEach(container.putArray("Command")::add);
    }

    static void restartCondition(ObjectNode spec, String condition) {
        ((ObjectNode) spec.path("TaskTemplate").path("RestartPolicy")).put("Condition", condition);
    }

    static void mode(ObjectNode spec, Consumer<ObjectNode> mode) {
        mode.accept(spec.putObject("Mode"));
    }

    /** Creates the service (raw {@code POST /services/create}) and returns its ID. */
    static String createService(EngineConnection engine, ObjectNode spec) {
        return engine.sendJson(Method.POST, "/services/create", spec).path("ID").asText();
    }

    /** Updates the service's current spec as {@code change} says, as {@code docker service update} would. */
    static void updateService(EngineConnection engine, String id, Consumer<ObjectNode> change) {
        JsonNode service = engine.fetchJson("/services/" + id);
        ObjectNode spec = service.path("Spec").deepCopy();
        change.accept(spec);
        engine.sendJson(Method.POST, "/services/" + id + "/update?version="
                + service.path("Version").path("Index").asLong(), spec);
    }

    static void setImage(ObjectNode spec, String image) {
        ((ObjectNode) spec.path("TaskTemplate").path("ContainerSpec")).put("Image", image);
    }

    /** The tasks of a service with their state and image, e.g. {@code running app:v1}. */
    static List<String> taskStates(EngineConnection engine, String id) {
        List<String> states = new ArrayList<>();
        String filter = URLEncoder.encode("{\"service\":[\"" + id + "\"]}", StandardCharsets.UTF_8);
        for (JsonNode task : engine.fetchJson("/tasks?filters=" + filter)) {
            String image = task.path("Spec").path("ContainerSpec").path("Image").asText();
            states.add(task.path("Status").path("State").asText() + " " + image.substring(image.lastIndexOf('/') + 1));
        }
        return states;
    }

    /** The IDs of the tasks of a service that run (or ran) {@code image}. */
    static List<String> taskIds(EngineConnection engine, String id, String image) {
        List<String> ids = new ArrayList<>();
        String filter = URLEncoder.encode("{\"service\":[\"" + id + "\"]}", StandardCharsets.UTF_8);
        for (JsonNode task : engine.fetchJson("/tasks?filters=" + filter)) {
            if (task.path("Spec").path("ContainerSpec").path("Image").asText().equals(image)) {
                ids.add(task.path("ID").asText());
            }
        }
        return ids;
    }

    static void removeService(EngineConnection engine, String id) {
        try {
            engine.sendJson(Method.DELETE, "/services/" + id, null);
        } catch (EngineException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
