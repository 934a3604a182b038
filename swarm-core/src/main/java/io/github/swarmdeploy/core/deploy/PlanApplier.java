package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.convert.ObjectIds;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.ServiceWrite;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmTask;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.LiveStack;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.rollout.RolloutWatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Carries out the writes of a plan, as the caller schedules them: networks, secrets and configs are created
 * ({@link #objectWrites}); then services are created, updated or removed ({@link #applyService}). Unchanged objects get
 * no call at all. What is sent is what {@link CreateRequests} builds for the object (the very builder the
 * docker-parity oracle checks) and the service spec the converter built, with the plan's decisions filled in.
 */
final class PlanApplier {

    private final SwarmApi engine;
    private final EventListener events;
    private final Function<String, Optional<String>> registryAuthHeader;
    private final Map<String, String> configIds = new ConcurrentHashMap<>();
    private final Map<String, String> secretIds = new ConcurrentHashMap<>();

    /**
     * @param registryAuthHeader the {@code X-Registry-Auth} value for an image (empty: send none)
     */
    PlanApplier(SwarmApi engine, LiveStack live, EventListener events,
                Function<String, Optional<String>> registryAuthHeader) {
        this.engine = engine;
        this.events = events;
        this.registryAuthHeader = registryAuthHeader;
        live.configs().forEach(config -> configIds.put(config.name(), config.id()));
        live.secrets().forEach(secret -> secretIds.put(secret.name(), secret.id()));
    }

    /** Creating one network, secret or config: independent of the others, so all may go at once. */
    record ObjectWrite(String name, Runnable create) {
    }

    /**
     * The networks, secrets and configs the plan creates, one write each (safe to run from several threads); the
     * services that refer to them must wait until they are done.
     */
    List<ObjectWrite> objectWrites(Plan plan) {
        List<ObjectWrite> writes = new ArrayList<>();
        for (Plan.NetworkStep step : plan.networks()) {
            if (step.change().action() == Change.Action.CREATE) {
                ObjectNode body = CreateRequests.network(step.desired());
                writes.add(new ObjectWrite("network " + step.desired().name(),
                        () -> done(step.change(), create("network", body, () -> engine.createNetwork(body)))));
            }
        }
        for (Plan.SecretStep step : plan.secrets()) {
            if (step.change().action() == Change.Action.CREATE) {
                ObjectNode body = CreateRequests.secret(step.desired());
                writes.add(new ObjectWrite("secret " + step.desired().name(), () -> {
                    String id = create("secret", body, () -> engine.createSecret(body));
                    secretIds.put(step.desired().name(), id);
                    done(step.change(), id);
                }));
            }
        }
        for (Plan.ConfigStep step : plan.configs()) {
            if (step.change().action() == Change.Action.CREATE) {
                ObjectNode body = CreateRequests.config(step.desired());
                writes.add(new ObjectWrite("config " + step.desired().name(), () -> {
                    String id = create("config", body, () -> engine.createConfig(body));
                    configIds.put(step.desired().name(), id);
                    done(step.change(), id);
                }));
            }
        }
        return writes;
    }

    /**
     * Creates, updates or removes one service; returns its ID. Configs and secrets it refers to must have been
     * created ({@link #objectWrites}).
     */
    String applyService(Plan.ServiceStep step) {
        Change change = step.change();
        Optional<String> registryAuth = registryAuthHeader.apply(step.image());
        switch (change.action()) {
            case CREATE -> {
                ObjectNode spec = specToSend(step);
                ServiceWrite answer = send(change, () -> engine.createService(spec, registryAuth));
                warnings(change, answer);
                done(change, answer.id());
                return answer.id();
            }
            case UPDATE -> {
                LiveStack.Service live = step.live().orElseThrow();
                ObjectNode spec = specToSend(step);
                replaceTaskStuckOnHostPort(change, live, spec);
                warnings(change, send(change, () -> engine.updateService(live.id(), live.version(), spec, registryAuth)));
                done(change, live.id());
                return live.id();
            }
            case REMOVE -> {
                LiveStack.Service live = step.live().orElseThrow();
                send(change, () -> {
                    engine.removeService(live.id());
                    return null;
                });
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
        ObjectNode spec = step.desired().orElseThrow().specWith(new ObjectIds(configIds, secretIds));
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
        for (SwarmTask task : engine.fetchTasks(Filters.service(live.id()).and(Filters.DESIRED_STATE, "running"))) {
            String error = task.error();
            if (task.state().equals("pending") && error.contains(RolloutWatcher.HOST_PORT_IN_USE)) {
                ObjectNode template = (ObjectNode) spec.get("TaskTemplate");
                template.put("ForceUpdate", template.path("ForceUpdate").asLong(0) + 1);
                events.warn(change.name() + ": task " + task.id() + " still waits for its host-mode port"
                        + " (" + error + "), left by an earlier start-first update; forcing new tasks so that this"
                        + " update replaces it");
                return;
            }
        }
    }

    private String create(String kind, ObjectNode body, Supplier<String> call) {
        try {
            return call.get();
        } catch (EngineException e) {
            throw refused("cannot create " + kind + " " + body.path("Name").asText(), e);
        }
    }

    private <T> T send(Change change, Supplier<T> call) {
        try {
            return call.get();
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

    private void warnings(Change change, ServiceWrite answer) {
        answer.warnings().forEach(warning -> events.warn(change.name() + ": " + warning));
    }

    private void done(Change change, String id) {
        events.on(new DeployStepDone(change, id));
    }
}
