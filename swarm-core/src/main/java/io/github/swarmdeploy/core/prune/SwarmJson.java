package io.github.swarmdeploy.core.prune;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads prune's model from the Engine API's raw JSON (list answers of /configs, /secrets, /networks, /services). */
final class SwarmJson {

    private SwarmJson() {
    }

    /** One element of {@code GET /configs} or {@code GET /secrets}. */
    static StackObject configOrSecret(ObjectKind kind, JsonNode node) {
        JsonNode spec = node.path("Spec");
        return new StackObject(kind, node.path("ID").asText(), spec.path("Name").asText(), labels(spec.path("Labels")),
                instant(node.path("CreatedAt")), node.path("Version").path("Index").asLong());
    }

    /** One element of {@code GET /networks}. */
    static StackObject network(JsonNode node) {
        return new StackObject(ObjectKind.NETWORK, node.path("Id").asText(), node.path("Name").asText(),
                labels(node.path("Labels")), instant(node.path("Created")), 0);
    }

    /** One element of {@code GET /services}: what its current and previous specs point at. */
    static ServiceUsage service(JsonNode node) {
        return new ServiceUsage(node.path("Spec").path("Name").asText(node.path("ID").asText()),
                references(node.path("Spec")), references(node.path("PreviousSpec")));
    }

    /** What one service spec points at; a missing spec points at nothing. */
    static SpecReferences references(JsonNode spec) {
        if (spec.isMissingNode() || spec.isNull()) {
            return SpecReferences.NONE;
        }
        JsonNode container = spec.path("TaskTemplate").path("ContainerSpec");
        Set<String> configs = new HashSet<>();
        for (JsonNode config : container.path("Configs")) {
            addText(configs, config.path("ConfigID"));
            addText(configs, config.path("ConfigName"));
        }
        // a gMSA credential spec may come from a config, by ID
        addText(configs, container.path("Privileges").path("CredentialSpec").path("Config"));
        Set<String> secrets = new HashSet<>();
        for (JsonNode secret : container.path("Secrets")) {
            addText(secrets, secret.path("SecretID"));
            addText(secrets, secret.path("SecretName"));
        }
        Set<String> networks = new HashSet<>();
        for (JsonNode network : spec.path("TaskTemplate").path("Networks")) {
            addText(networks, network.path("Target"));
        }
        for (JsonNode network : spec.path("Networks")) { // deprecated top-level form, still accepted by the API
            addText(networks, network.path("Target"));
        }
        return new SpecReferences(configs, secrets, networks);
    }

    private static void addText(Set<String> into, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            into.add(value.asText());
        }
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> result = new LinkedHashMap<>();
        labels.fields().forEachRemaining(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        return result;
    }

    /**
     * The engine's RFC 3339 timestamps (nanoseconds, {@code Z} or an offset). One that cannot be read
     * counts as the newest possible, so that doubt keeps an object rather than removing it.
     */
    private static Instant instant(JsonNode value) {
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
