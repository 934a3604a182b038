package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A config or a secret (what Swarm's ConfigSpec and SecretSpec share) as {@code GET /configs} or
 * {@code GET /secrets} reports it.
 *
 * @param version {@code Version.Index}: an update must name it
 * @param spec    {@code Spec} as the engine reported it (a secret's carries no data), for an update to send back
 */
public record SwarmDataObject(String id, String name, long version, Map<String, String> labels,
                              Optional<Instant> createdAt, Optional<Instant> updatedAt, ObjectNode spec) {

    public SwarmDataObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }

    /**
     * A config's content ({@code Spec.Data}, decoded); empty for a secret, whose data the engine never reports.
     *
     * @throws IllegalArgumentException when the engine's {@code Data} is not base64
     */
    public byte[] data() {
        return Base64.getDecoder().decode(spec.path("Data").asText(""));
    }
}
