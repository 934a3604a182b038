package io.github.swarmdeploy.core.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.engine.SwarmNetwork;
import io.github.swarmdeploy.core.engine.SwarmService;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** Prune's model of what the engine listed: configs, secrets, networks, and what each service spec points at. */
final class LiveObjects {

    private LiveObjects() {
    }

    /**
     * A config or secret. A creation time the engine did not give readably counts as the newest possible, so
     * that doubt keeps an object rather than removing it.
     */
    static StackObject configOrSecret(ObjectKind kind, SwarmDataObject object) {
        return new StackObject(kind, object.id(), object.name(), object.labels(),
                object.createdAt().orElse(Instant.MAX), object.version());
    }

    /** A network (newest possible when its creation time is unreadable, as above). */
    static StackObject network(SwarmNetwork network) {
        return new StackObject(ObjectKind.NETWORK, network.id(), network.name(), network.labels(),
                network.createdAt().orElse(Instant.MAX), 0);
    }

    /** What a service's current and previous specs point at. */
    static ServiceUsage service(SwarmService service) {
        return new ServiceUsage(service.name().isEmpty() ? service.id() : service.name(), references(service.spec()),
                service.previousSpec().map(LiveObjects::references).orElse(SpecReferences.NONE));
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
}
