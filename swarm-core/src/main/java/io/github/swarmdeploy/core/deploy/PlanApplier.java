package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.ObjectIds;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.image.RegistryAuthHeader;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.LiveStack;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.rollout.RolloutWatcher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out the object part of a plan: networks, then secrets, then configs are created; then services
 * are created, updated or removed as the caller schedules them ({@link #applyService}). Unchanged objects get
 * no call at all.
 */
final class PlanApplier {

    private final EngineConnection engine;
    private final EventListener events;
    private final Function<String, Optional<String>> registryAuthHeader;
    private final Map<String, String> configIds = new HashMap<>();
    private final Map<String, String> secretIds = new HashMap<>();

    /**
     * @param registryAuthHeader the {@code X-Registry-Auth} value for an image (empty: send none)
     */
    PlanApplier(EngineConnection engine, LiveStack live, EventListener events,
                Function<String, Optional<String>> registryAuthHeader) {
        this.engine = engine;
        this.events = events;
        this.registryAuthHeader = registryAuthHeader;
        live.configs().forEach(config -> configIds.put(config.name(), config.id()));
        live.secrets().forEach(secret -> secretIds.put(secret.name(), secret.id()));
    }

    /** Creates the networks, secrets and configs the plan creates, in that order. */
    void applyObjects(Plan plan) {
        for (Plan.NetworkStep step : plan.networks()) {
            if (step.change().action() == Change.Action.CREATE) {
                done(step.change(), create("/networks/create", networkBody(step.desired())).path("Id").asText());
            }
        }
        for (Plan.SecretStep step : plan.secrets()) {
            if (step.change().action() == Change.Action.CREATE) {
                String id = create("/secrets/create", secretBody(step.desired())).path("ID").asText();
                secretIds.put(step.desired().name(), id);
                done(step.change(), id);
            }
        }
        for (Plan.ConfigStep step : plan.configs()) {
            if (step.change().action() == Change.Action.CREATE) {
                String id = create("/configs/create", configBody(step.desired())).path("ID").asText();
                configIds.put(step.desired().name(), id);
                done(step.change(), id);
            }
        }
    }

    /**
     * Creates, updates or removes one service; returns its ID. Configs and secrets it refers to must have been
     * created ({@link #applyObjects}).
     */
    String applyService(Plan.ServiceStep step) {
        Change change = step.change();
        String image = step.image();
        Map<String, String> headers = registryAuthHeader.apply(image)
                .map(value -> Map.of(RegistryAuthHeader.NAME, value)).orElse(Map.of());
        switch (change.action()) {
            case CREATE -> {
                JsonNode answer = send(change, Method.POST, "/services/create", specToSend(step), headers);
                warnings(change, answer);
                String id = answer.path("ID").asText();
                done(change, id);
                return id;
            }
            case UPDATE -> {
                LiveStack.Service live = step.live().orElseThrow();
                ObjectNode spec = specToSend(step);
                replaceTaskStuckOnHostPort(change, live, spec);
                JsonNode answer = send(change, Method.POST, "/services/" + live.id() + "/update?version=" + live.version(),
                        spec, headers);
                warnings(change, answer);
                done(change, live.id());
                return live.id();
            }
            case REMOVE -> {
                LiveStack.Service live = step.live().orElseThrow();
                send(change, Method.DELETE, "/services/" + live.id(), null, Map.of());
                done(change, live.id());
                return live.id();
            }
            default -> {
                return step.live().map(LiveStack.Service::id).orElse("");
            }
        }
    }

    /**
     * The spec as convert built it with the IDs of the configs and secrets filled in, and the deploy's own
     * decisions (the image and its platforms, the kept {@code ForceUpdate}) from the plan.
     */
    private ObjectNode specToSend(Plan.ServiceStep step) {
        ObjectNode planned = step.spec().orElseThrow();
        ObjectNode spec = engine.json().valueToTree(step.desired().orElseThrow()
                .specWith(new ObjectIds(configIds, secretIds)));
        ObjectNode task = (ObjectNode) spec.get("TaskTemplate");
        ((ObjectNode) task.get("ContainerSpec")).set("Image", planned.at("/TaskTemplate/ContainerSpec/Image"));
        JsonNode platforms = planned.at("/TaskTemplate/Placement/Platforms");
        if (platforms.isArray()) {
            ((ObjectNode) task.get("Placement")).set("Platforms", platforms);
        }
        JsonNode forceUpdate = planned.at("/TaskTemplate/ForceUpdate");
        if (forceUpdate.isNumber()) {
            task.set("ForceUpdate", forceUpdate);
        }
        return spec;
    }

    /**
     * A task that an earlier start-first update left waiting for a host-mode port ("no suitable node (host-mode
     * port already in use ...)") is never placed again by Swarm (seen on 20.10): an update whose task template
     * equals that task's (only the update order changed, say to stop-first) reuses it and stays at 0 running for
     * good. Raising {@code ForceUpdate} makes Swarm replace it with a fresh task.
     */
    private void replaceTaskStuckOnHostPort(Change change, LiveStack.Service live, ObjectNode spec) {
        boolean publishesHostPort = false;
        for (JsonNode port : live.spec().path("EndpointSpec").path("Ports")) {
            publishesHostPort |= port.path("PublishMode").asText().equals("host");
        }
        if (!publishesHostPort) {
            return;
        }
        String filter = URLEncoder.encode("{\"service\":[\"" + live.id() + "\"],\"desired-state\":[\"running\"]}",
                StandardCharsets.UTF_8);
        for (JsonNode task : engine.fetchJson("/tasks?filters=" + filter)) {
            String error = task.path("Status").path("Err").asText("");
            if (task.path("Status").path("State").asText().equals("pending")
                    && error.contains(RolloutWatcher.HOST_PORT_IN_USE)) {
                ObjectNode template = (ObjectNode) spec.get("TaskTemplate");
                template.put("ForceUpdate", template.path("ForceUpdate").asLong(0) + 1);
                events.warn(change.name() + ": task " + task.path("ID").asText() + " still waits for its host-mode port"
                        + " (" + error + "), left by an earlier start-first update; forcing new tasks so that this"
                        + " update replaces it");
                return;
            }
        }
    }

    private ObjectNode networkBody(DesiredNetwork network) {
        ObjectNode body = engine.json().createObjectNode();
        body.put("Name", network.name());
        body.put("Driver", network.driver());
        putMap(body, "Options", network.options());
        network.ipam().ifPresent(ipam -> {
            ObjectNode node = body.putObject("IPAM");
            ipam.driver().ifPresent(driver -> node.put("Driver", driver));
            ArrayNode pools = node.putArray("Config");
            ipam.subnets().forEach(subnet -> pools.addObject().put("Subnet", subnet));
        });
        body.put("Internal", network.internal());
        body.put("Attachable", network.attachable());
        Map<String, String> labels = new java.util.LinkedHashMap<>(network.labels());
        labels.put(StackLabels.MANAGED, "true"); // so that swarm:prune may remove it once no service uses it
        putMap(body, "Labels", labels);
        return body;
    }

    private ObjectNode secretBody(DesiredSecret secret) {
        ObjectNode body = dataObjectBody(secret.name(), secret.labels(), secret.data(), secret.templateDriver());
        secret.driver().ifPresent(driver -> {
            ObjectNode node = body.putObject("Driver");
            node.put("Name", driver);
            putMap(node, "Options", secret.driverOptions());
        });
        return body;
    }

    private ObjectNode configBody(DesiredConfig config) {
        return dataObjectBody(config.name(), config.labels(), config.data(), config.templateDriver());
    }

    /** What Swarm's SecretSpec and ConfigSpec share: name, labels, base64 data and template driver. */
    private ObjectNode dataObjectBody(String name, Map<String, String> labels, byte[] data, Optional<String> templateDriver) {
        ObjectNode body = engine.json().createObjectNode();
        body.put("Name", name);
        putMap(body, "Labels", labels);
        body.put("Data", Base64.getEncoder().encodeToString(data));
        templateDriver.ifPresent(driver -> body.putObject("Templating").put("Name", driver));
        return body;
    }

    private static void putMap(ObjectNode parent, String field, Map<String, String> values) {
        ObjectNode node = parent.putObject(field);
        values.forEach(node::put);
    }

    private JsonNode create(String path, ObjectNode body) {
        String what = path.substring(1, path.indexOf('/', 1) - 1) + " " + body.path("Name").asText();
        try {
            return engine.sendJson(Method.POST, path, body);
        } catch (EngineException e) {
            throw refused("cannot create " + what, e);
        }
    }

    private JsonNode send(Change change, Method method, String path, Object body, Map<String, String> headers) {
        try {
            return engine.sendJson(method, path, body, headers);
        } catch (EngineException e) {
            String verb = change.action() == Change.Action.CREATE ? "create"
                    : change.action() == Change.Action.UPDATE ? "update" : "remove";
            throw refused("cannot " + verb + " service " + change.name(), e);
        }
    }

    /** The engine said no (a 4xx): the deploy failed. No answer at all stays an infrastructure problem. */
    private static RuntimeException refused(String what, EngineException e) {
        if (e.status() >= 400 && e.status() < 500) {
            return new DeployFailedException(what + ": " + e.getMessage(), e);
        }
        return e;
    }

    private void warnings(Change change, JsonNode answer) {
        for (String field : List.of("Warning", "Warnings")) {
            JsonNode warnings = answer.path(field);
            if (warnings.isTextual() && !warnings.asText().isEmpty()) {
                events.warn(change.name() + ": " + warnings.asText());
            }
            if (warnings.isArray()) {
                warnings.forEach(warning -> events.warn(change.name() + ": " + warning.asText()));
            }
        }
    }

    private void done(Change change, String id) {
        events.on(new DeployStepDone(change, id));
    }
}
