package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one reader of the Engine API's answers: JSON (API 1.41 and later field names) to the records of this
 * package. Public so that tests and fakes build records from the same JSON the engine sends.
 */
public final class EngineJson {

    private EngineJson() {
    }

    /** An element of {@code GET /services}, or {@code GET /services/{id}}. */
    public static SwarmService service(JsonNode service) {
        JsonNode status = service.path("UpdateStatus");
        Optional<SwarmService.UpdateStatus> updateStatus = status.isObject()
                ? Optional.of(new SwarmService.UpdateStatus(status.path("State").asText(""),
                status.path("Message").asText(""), instant(status.path("StartedAt"))))
                : Optional.empty();
        JsonNode iteration = service.path("JobStatus").path("JobIteration").path("Index");
        return new SwarmService(service.path("ID").asText(""), service.path("Version").path("Index").asLong(),
                instant(service.path("CreatedAt")), instant(service.path("UpdatedAt")), object(service.path("Spec")),
                service.path("PreviousSpec").isObject() ? Optional.of(object(service.path("PreviousSpec")))
                        : Optional.empty(),
                updateStatus,
                iteration.isNumber() ? OptionalLong.of(iteration.asLong()) : OptionalLong.empty(),
                ports(service.path("Endpoint").path("Ports")));
    }

    /** An element of {@code GET /tasks}. */
    public static SwarmTask task(JsonNode task) {
        JsonNode status = task.path("Status");
        JsonNode iteration = task.path("JobIteration").path("Index");
        return new SwarmTask(
                task.path("ID").asText(""),
                task.path("ServiceID").asText(""),
                task.path("NodeID").asText(""),
                task.path("Slot").asInt(0),
                status.path("State").asText(""),
                task.path("DesiredState").asText(""),
                status.path("Err").asText(""),
                status.path("Message").asText(""),
                status.path("ContainerStatus").path("ExitCode").asInt(0),
                instant(task.path("CreatedAt")),
                instant(status.path("Timestamp")),
                iteration.isNumber() ? OptionalLong.of(iteration.asLong()) : OptionalLong.empty(),
                task.path("Spec").path("ContainerSpec").path("Image").asText(""));
    }

    /** An element of {@code GET /nodes}. */
    public static SwarmNode node(JsonNode node) {
        JsonNode spec = node.path("Spec");
        JsonNode description = node.path("Description");
        return new SwarmNode(
                node.path("ID").asText(""),
                description.path("Hostname").asText(""),
                spec.path("Role").asText(""),
                node.path("Status").path("State").asText(""),
                spec.path("Availability").asText("active"),
                node.path("Status").path("Addr").asText(""),
                description.path("Platform").path("OS").asText(""),
                description.path("Platform").path("Architecture").asText(""),
                textMap(spec.path("Labels")),
                textMap(description.path("Engine").path("Labels")));
    }

    /** An element of {@code GET /networks}. */
    public static SwarmNetwork network(JsonNode network) {
        return new SwarmNetwork(network.path("Id").asText(""), network.path("Name").asText(""),
                network.path("Scope").asText(""), network.path("Driver").asText(""), textMap(network.path("Labels")),
                instant(network.path("Created")));
    }

    /** An element of {@code GET /configs} or {@code GET /secrets}, or {@code GET /configs/{id}}. */
    public static SwarmDataObject dataObject(JsonNode object) {
        JsonNode spec = object.path("Spec");
        return new SwarmDataObject(object.path("ID").asText(""), spec.path("Name").asText(""),
                object.path("Version").path("Index").asLong(), textMap(spec.path("Labels")),
                instant(object.path("CreatedAt")), instant(object.path("UpdatedAt")), object(spec));
    }

    /** {@code GET /info}. */
    public static EngineInfo info(JsonNode info) {
        JsonNode swarm = info.path("Swarm");
        return new EngineInfo(info.path("Name").asText(""), info.path("ServerVersion").asText(""),
                instant(info.path("SystemTime")),
                new EngineInfo.Swarm(swarm.path("LocalNodeState").asText("inactive"),
                        swarm.path("ControlAvailable").asBoolean(false), swarm.path("NodeID").asText(""),
                        swarm.path("NodeAddr").asText(""), swarm.path("Error").asText("")));
    }

    /** {@code GET /version}. */
    public static EngineVersion version(JsonNode version) {
        return new EngineVersion(version.path("Version").asText(""), version.path("ApiVersion").asText(""));
    }

    /** {@code GET /distribution/{name}/json}. */
    public static ImageDistribution distribution(JsonNode answer) {
        List<ImageDistribution.Platform> platforms = new ArrayList<>();
        for (JsonNode platform : answer.path("Platforms")) {
            platforms.add(new ImageDistribution.Platform(platform.path("os").asText(""),
                    platform.path("architecture").asText("")));
        }
        return new ImageDistribution(answer.path("Descriptor").path("digest").asText(""), platforms);
    }

    /** One line of an image push's output stream. */
    public static ImagePushProgress pushProgress(JsonNode item) {
        Optional<String> error = item.hasNonNull("error") || item.has("errorDetail")
                ? Optional.of(item.path("errorDetail").path("message").asText(item.path("error").asText()))
                : Optional.empty();
        String digest = item.path("aux").path("Digest").asText("");
        return new ImagePushProgress(item.path("status").asText(""), item.path("id").asText(""),
                digest.isEmpty() ? Optional.empty() : Optional.of(digest), error,
                item.path("progressDetail").path("current").asLong(0), item.path("progressDetail").path("total").asLong(0));
    }

    /** The answer of a service create or update: its ID (the update's answer has none) and warnings. */
    static ServiceWrite serviceWrite(String id, JsonNode answer) {
        List<String> warnings = new ArrayList<>();
        for (String field : List.of("Warning", "Warnings")) {
            JsonNode value = answer.path(field);
            if (value.isTextual() && !value.asText().isEmpty()) {
                warnings.add(value.asText());
            }
            if (value.isArray()) {
                value.forEach(warning -> warnings.add(warning.asText()));
            }
        }
        return new ServiceWrite(answer.path("ID").asText(id), warnings);
    }

    /** The answer of a prune call, counting what the given field lists. */
    static PruneResult pruneResult(JsonNode answer, String deletedField) {
        int deleted = 0;
        for (JsonNode entry : answer.path(deletedField)) {
            // images: an untagged entry is not a deleted image
            if (!deletedField.equals("ImagesDeleted") || entry.hasNonNull("Deleted")) {
                deleted++;
            }
        }
        return new PruneResult(deleted, answer.path("SpaceReclaimed").asLong());
    }

    /** Published ports ({@code EndpointSpec.Ports} or {@code Endpoint.Ports}). */
    static List<SwarmService.Port> ports(JsonNode ports) {
        List<SwarmService.Port> result = new ArrayList<>();
        for (JsonNode port : ports) {
            result.add(new SwarmService.Port(port.path("Protocol").asText(""), port.path("TargetPort").asLong(),
                    port.path("PublishedPort").asLong(), port.path("PublishMode").asText("")));
        }
        return List.copyOf(result);
    }

    /** A JSON object of strings ({@code Labels}) as a map, in the engine's order; empty when absent. */
    public static Map<String, String> textMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        }
        return map;
    }

    /**
     * The engine's timestamps: RFC 3339 with nanoseconds, in UTC ({@code Z}) or, for {@code /info}'s
     * {@code SystemTime}, with the engine's offset. Empty when absent or unreadable.
     */
    public static Optional<Instant> instant(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode object(JsonNode node) {
        return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    }
}
