package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.ObjectIds;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The stack as a deploy left it, enough to return to it: every service's spec (as sent: image pinned, configs and
 * secrets by name) and the networks the services use (external ones only by name). Sealed in a record
 * ({@link RecordCodec}): specs carry environment values, commands and driver options.
 *
 * @param services in plan order
 * @param networks in the files' order
 */
public record AppliedStack(List<AppliedService> services, List<DesiredNetwork> networks) {

    public AppliedStack {
        services = List.copyOf(services);
        networks = List.copyOf(networks);
    }

    public Optional<AppliedService> service(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /** The configs the specs use, by name, sorted. */
    public TreeSet<String> configNames() {
        TreeSet<String> names = new TreeSet<>();
        services.forEach(service -> names.addAll(referenceNames(service.spec(), "Configs", "ConfigName")));
        return names;
    }

    /** The secrets the specs use, by name, sorted. */
    public TreeSet<String> secretNames() {
        TreeSet<String> names = new TreeSet<>();
        services.forEach(service -> names.addAll(referenceNames(service.spec(), "Secrets", "SecretName")));
        return names;
    }

    /**
     * One service.
     *
     * @param key       its key under {@code services:} ({@code web} for {@code shop_prod_web})
     * @param dependsOn the keys under {@code depends_on}, so that a rollback creates services in that order too
     * @param spec      its spec with configs and secrets by name, no IDs ({@link #byName})
     */
    public record AppliedService(String name, String key, List<String> dependsOn, ObjectNode spec) {

        public AppliedService {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            dependsOn = List.copyOf(dependsOn);
            spec = Objects.requireNonNull(spec, "spec").deepCopy();
        }

        @Override
        public ObjectNode spec() {
            return spec.deepCopy();
        }
    }

    /**
     * A service spec as a record keeps it: configs and secrets by name only (their IDs change when an object of the
     * same name is created again), a credential spec's config through its Runtime reference, networks by name.
     *
     * @param networkName the name of a network given its ID (or the argument when it is a name already)
     */
    public static ObjectNode byName(JsonNode spec, UnaryOperator<String> networkName) {
        ObjectNode copy = spec.deepCopy();
        JsonNode container = copy.path("TaskTemplate").path("ContainerSpec");
        removeIds(container.path("Configs"), "ConfigID");
        removeIds(container.path("Secrets"), "SecretID");
        if (container.path("Privileges").path("CredentialSpec") instanceof ObjectNode credentialSpec
                && hasRuntimeConfig(container)) {
            credentialSpec.remove("Config");
        }
        for (JsonNode attachment : copy.path("TaskTemplate").path("Networks")) {
            if (attachment instanceof ObjectNode object && object.path("Target").isTextual()) {
                object.put("Target", networkName.apply(object.path("Target").asText()));
            }
        }
        return copy;
    }

    /**
     * The spec to send: {@link #byName} with each config's and secret's ID, as they are on the swarm now.
     *
     * @throws io.github.swarmdeploy.core.SwarmDeployException naming a config or secret that is not there
     */
    public static ObjectNode withIds(JsonNode byName, ObjectIds ids) {
        ObjectNode copy = byName.deepCopy();
        JsonNode container = copy.path("TaskTemplate").path("ContainerSpec");
        String runtimeConfigId = null;
        for (JsonNode reference : container.path("Configs")) {
            String id = ids.configId(reference.path("ConfigName").asText());
            ((ObjectNode) reference).put("ConfigID", id);
            if (reference.has("Runtime")) {
                runtimeConfigId = id;
            }
        }
        for (JsonNode reference : container.path("Secrets")) {
            ((ObjectNode) reference).put("SecretID", ids.secretId(reference.path("SecretName").asText()));
        }
        if (runtimeConfigId != null && container.path("Privileges").path("CredentialSpec") instanceof ObjectNode spec) {
            spec.put("Config", runtimeConfigId);
        }
        return copy;
    }

    private static boolean hasRuntimeConfig(JsonNode container) {
        for (JsonNode reference : container.path("Configs")) {
            if (reference.has("Runtime")) {
                return true;
            }
        }
        return false;
    }

    private static void removeIds(JsonNode references, String field) {
        if (references instanceof ArrayNode array) {
            array.forEach(reference -> ((ObjectNode) reference).remove(field));
        }
    }

    static List<String> referenceNames(JsonNode spec, String list, String field) {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode reference : spec.path("TaskTemplate").path("ContainerSpec").path(list)) {
            if (reference.path(field).isTextual()) {
                names.add(reference.path(field).asText());
            }
        }
        return List.copyOf(names);
    }
}
