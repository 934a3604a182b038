package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a stack's objects from the engine: read-only calls only. */
public final class LiveStackReader {

    private final EngineConnection engine;

    public LiveStackReader(EngineConnection engine) {
        this.engine = engine;
    }

    /**
     * The stack's services, configs and secrets (by label), every network, the configs and secrets with the
     * given names whatever their labels (external ones, and those the stack is about to use), and the ports
     * every other service publishes.
     */
    public LiveStack fetchLiveStack(String stack, Set<String> configNames, Set<String> secretNames) {
        String byStack = filter("label", List.of(StackLabels.namespaceFilter(stack)));
        List<LiveStack.Service> services = new ArrayList<>();
        List<LiveStack.PublishedPort> otherPorts = new ArrayList<>();
        for (JsonNode service : engine.fetchJson("/services")) {
            if (!service.path("Spec").path("Labels").path(StackLabels.NAMESPACE).asText().equals(stack)) {
                otherPorts.addAll(publishedPorts(service));
                continue;
            }
            services.add(new LiveStack.Service(service.path("ID").asText(), service.path("Spec").path("Name").asText(),
                    service.path("Version").path("Index").asLong(), service.path("Spec"),
                    Optional.ofNullable(service.get("PreviousSpec")).filter(JsonNode::isObject),
                    service.path("UpdateStatus").path("State").asText("")));
        }
        List<LiveStack.Network> networks = new ArrayList<>();
        for (JsonNode network : engine.fetchJson("/networks")) {
            networks.add(new LiveStack.Network(network.path("Id").asText(), network.path("Name").asText(),
                    network.path("Scope").asText(), network.path("Driver").asText(), textMap(network.path("Labels"))));
        }
        String apiVersion = engine.fetchJson("/version").path("ApiVersion").asText("");
        return new LiveStack(stack, apiVersion, services, networks, fetchObjects("configs", byStack, configNames),
                fetchObjects("secrets", byStack, secretNames), otherPorts);
    }

    /** The ports a service publishes: in its spec, and those Swarm allocated (ingress ports without a number). */
    static List<LiveStack.PublishedPort> publishedPorts(JsonNode service) {
        List<LiveStack.PublishedPort> ports = new ArrayList<>();
        String name = service.path("Spec").path("Name").asText();
        for (JsonNode list : List.of(service.path("Spec").path("EndpointSpec").path("Ports"),
                service.path("Endpoint").path("Ports"))) {
            for (JsonNode port : list) {
                long published = port.path("PublishedPort").asLong();
                if (published == 0) {
                    continue;
                }
                String protocol = port.path("Protocol").asText("");
                LiveStack.PublishedPort found = new LiveStack.PublishedPort(name, published,
                        protocol.isEmpty() ? "tcp" : protocol, !port.path("PublishMode").asText("").equals("host"));
                if (!ports.contains(found)) {
                    ports.add(found);
                }
            }
        }
        return ports;
    }

    private List<LiveStack.SwarmObject> fetchObjects(String kind, String byStack, Collection<String> names) {
        Map<String, LiveStack.SwarmObject> byId = new LinkedHashMap<>();
        List<JsonNode> found = new ArrayList<>();
        engine.fetchJson("/" + kind + "?filters=" + byStack).forEach(found::add);
        if (!names.isEmpty()) {
            engine.fetchJson("/" + kind + "?filters=" + filter("name", names)).forEach(found::add);
        }
        for (JsonNode object : found) {
            String name = object.path("Spec").path("Name").asText();
            Map<String, String> labels = textMap(object.path("Spec").path("Labels"));
            if (StackLabels.isBookkeeping(labels)) {
                continue; // the deploy lock and the secret key are not part of the stack
            }
            byId.putIfAbsent(object.path("ID").asText(), new LiveStack.SwarmObject(object.path("ID").asText(), name,
                    labels, parseInstant(object.path("CreatedAt").asText(""))));
        }
        return List.copyOf(byId.values());
    }

    private static String filter(String key, Collection<String> values) {
        StringBuilder json = new StringBuilder("{\"").append(key).append("\":[");
        String separator = "";
        for (String value : values) {
            json.append(separator).append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            separator = ",";
        }
        json.append("]}");
        return URLEncoder.encode(json.toString(), StandardCharsets.UTF_8);
    }

    static Map<String, String> textMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        }
        return map;
    }

    private static Instant parseInstant(String text) {
        try {
            return text.isEmpty() ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
