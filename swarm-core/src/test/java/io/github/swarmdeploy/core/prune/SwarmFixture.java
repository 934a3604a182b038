package io.github.swarmdeploy.core.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.github.swarmdeploy.core.engine.HttpMethod.POST;

/**
 * A unique stack on the sandbox swarm for one test: creates configs, secrets, networks and services the
 * way the deploy engine labels them, and removes exactly what it created when closed (also after a
 * failure).
 */
final class SwarmFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String BASE_IMAGE = SandboxSwarm.baseImage();

    final EngineConnection engine;
    final String stack;
    private final List<String> createdServices = new ArrayList<>();
    private final List<String> createdConfigsAndSecrets = new ArrayList<>();
    private final List<String> createdNetworks = new ArrayList<>();

    private SwarmFixture(EngineConnection engine, String stack) {
        this.engine = engine;
        this.stack = stack;
    }

    /** A fresh stack name on the sandbox's manager (skipped without one, failing under {@code CI=true}). */
    static SwarmFixture open() {
        return new SwarmFixture(SandboxSwarm.requireManager(), SandboxSwarm.uniqueStack("prune"));
    }

    /** Labels the deploy engine puts on a config or secret version of {@code key} in {@code ofStack}. */
    static Map<String, String> managedLabels(String ofStack, String key, String content) {
        return SandboxSwarm.managedLabels(ofStack, key, Integer.toHexString(content.hashCode()));
    }

    /** {@code <stack>_<key>-v<n>}: a managed version of this stack's config. */
    Created config(String key, int version, String content) {
        return create(ObjectKind.CONFIG, stack + "_" + key + "-v" + version, managedLabels(stack, key, content), content);
    }

    Created secret(String key, int version, String value) {
        return create(ObjectKind.SECRET, stack + "_" + key + "-v" + version, managedLabels(stack, key, value), value);
    }

    /** A config or secret with exactly these labels (none for an "external" one). */
    Created create(ObjectKind kind, String name, Map<String, String> labels, String content) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("Name", name);
        spec.set("Labels", JSON.valueToTree(labels));
        spec.put("Data", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
        String id = engine.sendJson(POST, "/" + kind.plural() + "/create", spec).path("ID").asText();
        createdConfigsAndSecrets.add("/" + kind.plural() + "/" + id);
        return new Created(id, name);
    }

    /** An overlay network of this stack (managed unless told otherwise). */
    Created network(String suffix, boolean managed) {
        String name = stack + "_" + suffix;
        Map<String, String> labels = new HashMap<>(Map.of(StackLabels.NAMESPACE, stack));
        if (managed) {
            labels.put(StackLabels.MANAGED, "true");
        }
        ObjectNode spec = JSON.createObjectNode();
        spec.put("Name", name);
        spec.put("Driver", "overlay");
        spec.put("CheckDuplicate", true);
        spec.set("Labels", JSON.valueToTree(labels));
        String id = engine.sendJson(POST, "/networks/create", spec).path("Id").asText();
        createdNetworks.add("/networks/" + id);
        return new Created(id, name);
    }

    /** A service of this stack that sleeps, with the given configs mounted at /&lt;key&gt; and secrets. */
    Created service(String suffix, Mounts mounts) {
        String name = stack + "_" + suffix;
        ObjectNode spec = serviceSpec(name, mounts);
        String id = engine.sendJson(POST, "/services/create", spec).path("ID").asText();
        createdServices.add("/services/" + id);
        return new Created(id, name);
    }

    /** Updates a service to new mounts, so that its previous spec holds the old ones. */
    void update(Created service, Mounts mounts) {
        // the swarm's allocator may bump the version right after creation: retry with the fresh one
        SandboxSwarm.await("update of " + service.name(), Duration.ofSeconds(30), () -> {
            long version = engine.fetchJson("/services/" + service.id()).path("Version").path("Index").asLong();
            try {
                engine.sendJson(POST, "/services/" + service.id() + "/update?version=" + version,
                        serviceSpec(service.name(), mounts));
                return "updated";
            } catch (EngineException e) {
                if (e.getMessage().contains("out of sequence")) {
                    return e.getMessage();
                }
                throw e;
            }
        }, "updated"::equals);
    }

    private ObjectNode serviceSpec(String name, Mounts mounts) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("Name", name);
        spec.putObject("Labels").put(StackLabels.NAMESPACE, stack);
        ObjectNode template = spec.putObject("TaskTemplate");
        ObjectNode container = template.putObject("ContainerSpec");
        container.put("Image", BASE_IMAGE);
        container.putArray("Command").add("sleep").add("86400");
        container.put("StopGracePeriod", 1_000_000_000L);
        ArrayNode configs = container.putArray("Configs");
        mounts.configs().forEach((target, config) -> {
            ObjectNode entry = configs.addObject();
            entry.put("ConfigID", config.id()).put("ConfigName", config.name());
            entry.putObject("File").put("Name", target).put("UID", "0").put("GID", "0").put("Mode", 0444);
        });
        ArrayNode secrets = container.putArray("Secrets");
        mounts.secrets().forEach((target, secret) -> {
            ObjectNode entry = secrets.addObject();
            entry.put("SecretID", secret.id()).put("SecretName", secret.name());
            entry.putObject("File").put("Name", target).put("UID", "0").put("GID", "0").put("Mode", 0400);
        });
        ArrayNode networks = template.putArray("Networks");
        mounts.networks().forEach(network -> networks.addObject().put("Target", network.id()));
        template.putObject("RestartPolicy").put("Condition", "any").put("Delay", 1_000_000_000L);
        spec.putObject("Mode").putObject("Replicated").put("Replicas", 1);
        spec.putObject("UpdateConfig").put("Parallelism", 1).put("Order", "stop-first")
                .put("FailureAction", "pause").put("Monitor", 1_000_000_000L);
        spec.putObject("RollbackConfig").put("Parallelism", 1).put("Order", "stop-first")
                .put("Monitor", 1_000_000_000L);
        return spec;
    }

    /** Names of this stack's objects of one kind, as the engine lists them now. */
    TreeSet<String> namesOfStack(ObjectKind kind) {
        return names(kind, Map.of("label", List.of(StackLabels.namespaceFilter(stack))));
    }

    TreeSet<String> names(ObjectKind kind, Map<String, List<String>> filters) {
        Filters query = Filters.none();
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            query = query.and(filter.getKey(), filter.getValue());
        }
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode node : engine.fetchJson("/" + kind.plural() + query.query())) {
            names.add(kind == ObjectKind.NETWORK ? node.path("Name").asText() : node.path("Spec").path("Name").asText());
        }
        return names;
    }

    boolean exists(ObjectKind kind, Created object) {
        try {
            engine.fetchJson("/" + kind.plural() + "/" + object.id());
            return true;
        } catch (EngineException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** Removes, retrying while the engine refuses because tasks are still shutting down. */
    private void removeWithin(String path, Duration deadline) {
        SandboxSwarm.await("removal of " + path, deadline, () -> {
            SandboxSwarm.delete(engine, path);
            return "removed";
        }, "removed"::equals);
    }

    /** Removes what this fixture created: services first, then what they used. */
    @Override
    public void close() {
        List<Runnable> steps = new ArrayList<>();
        for (List<String> paths : List.of(createdServices, createdConfigsAndSecrets, createdNetworks)) {
            paths.forEach(path -> steps.add(() -> removeWithin(path, Duration.ofSeconds(60))));
        }
        steps.add(engine::close);
        RuntimeException failure = SandboxSwarm.runAll(steps);
        if (failure != null) {
            throw new AssertionError("cleanup of stack " + stack + " failed", failure);
        }
    }

    record Created(String id, String name) {
    }

    /** What a service mounts: configs and secrets by target path, networks it attaches to. */
    record Mounts(Map<String, Created> configs, Map<String, Created> secrets, List<Created> networks) {
        static Mounts config(String target, Created config) {
            return new Mounts(Map.of(target, config), Map.of(), List.of());
        }

        static Mounts secret(String target, Created secret) {
            return new Mounts(Map.of(), Map.of(target, secret), List.of());
        }

        static Mounts network(Created network) {
            return new Mounts(Map.of(), Map.of(), List.of(network));
        }
    }
}
