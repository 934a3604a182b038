package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.HttpMethod;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The sandbox swarm ({@code scripts/swarm-sandbox up}, {@link SandboxSwarm}) as the rollout tests use it: test
 * images built {@code FROM} the sandbox base image and pushed to the sandbox registry (nothing comes
 * from Docker Hub), and services created and updated directly through the Engine API, as a deploy would.
 */
final class RolloutSandbox {

    /** Label on every service these tests create, to find leftovers by hand. */
    static final String TEST_LABEL = "io.github.swarmdeploy.test";

    private static final long SECOND = 1_000_000_000L;

    private RolloutSandbox() {
    }

    /**
     * Builds {@code <registry>/rollout-it/app:<tag>} from the base image plus the given Dockerfile lines,
     * pushes it and returns its name. Builds are cached by the engine, so repeated runs are quick.
     */
    static String buildAndPush(EngineConnection engine, String tag, String... dockerfileLines) {
        return SandboxSwarm.buildAndPush(engine, "rollout-it/app", tag, Map.of(), dockerfileLines);
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

    static void monitor(ObjectNode spec, Duration window) {
        ((ObjectNode) spec.path("UpdateConfig")).put("Monitor", window.toNanos());
    }

    static void mode(ObjectNode spec, Consumer<ObjectNode> mode) {
        mode.accept(spec.putObject("Mode"));
    }

    /** Creates the service (raw {@code POST /services/create}) and returns its ID. */
    static String createService(EngineConnection engine, ObjectNode spec) {
        return engine.sendJson(HttpMethod.POST, "/services/create", spec).path("ID").asText();
    }

    /** Updates the service's current spec as {@code change} says, as {@code docker service update} would. */
    static void updateService(EngineConnection engine, String id, Consumer<ObjectNode> change) {
        JsonNode service = engine.fetchJson("/services/" + id);
        ObjectNode spec = service.path("Spec").deepCopy();
        change.accept(spec);
        engine.sendJson(HttpMethod.POST, "/services/" + id + "/update?version="
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
}
