package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A service as {@code GET /services} and {@code GET /services/{id}} report it. The specs stay Engine API JSON,
 * as the engine wrote them: docker-java's model lacks fields (job modes, sysctls, capabilities…), and a spec is
 * diffed and sent back whole, so no field may be lost on the way.
 *
 * @param version       {@code Version.Index}: an update must name it
 * @param spec          {@code Spec}
 * @param previousSpec  {@code PreviousSpec}, what a rollback returns to
 * @param updateStatus  {@code UpdateStatus}, absent when the service was never updated (or an update reset it)
 * @param jobIteration  {@code JobStatus.JobIteration.Index} of a job service
 * @param endpointPorts {@code Endpoint.Ports}: the ports Swarm allocated, also those the spec left to it
 */
public record SwarmService(String id, long version, Optional<Instant> createdAt, Optional<Instant> updatedAt,
                           ObjectNode spec, Optional<ObjectNode> previousSpec, Optional<UpdateStatus> updateStatus,
                           OptionalLong jobIteration, List<Port> endpointPorts) {

    public SwarmService {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        endpointPorts = List.copyOf(endpointPorts);
    }

    /** {@code Spec.Name}. */
    public String name() {
        return spec.path("Name").asText("");
    }

    /** {@code Spec.Labels}. */
    public Map<String, String> labels() {
        return EngineJson.textMap(spec.path("Labels"));
    }

    /** The ports the spec asks for ({@code Spec.EndpointSpec.Ports}). */
    public List<Port> specPorts() {
        return EngineJson.ports(spec.path("EndpointSpec").path("Ports"));
    }

    /** The image the spec runs, as written in it (pinned or not). */
    public String image() {
        return image(spec);
    }

    /** The image {@code spec} runs, "" when it names none. */
    public static String image(JsonNode spec) {
        return spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText("");
    }

    /**
     * {@code UpdateStatus}.
     *
     * @param state   {@code updating}, {@code paused}, {@code completed}, {@code rollback_started}…; "" when none
     * @param message Swarm's words on the update
     */
    public record UpdateStatus(String state, String message, Optional<Instant> startedAt) {
    }

    /**
     * A published port.
     *
     * @param protocol    {@code tcp}, {@code udp}, {@code sctp}; "" when the engine left it out (tcp)
     * @param publishMode {@code ingress} or {@code host}; "" when the engine left it out (ingress)
     */
    public record Port(String protocol, long targetPort, long publishedPort, String publishMode) {
    }
}
