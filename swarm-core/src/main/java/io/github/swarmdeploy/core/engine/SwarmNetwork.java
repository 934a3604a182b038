package io.github.swarmdeploy.core.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A network as {@code GET /networks} reports it.
 *
 * @param scope  {@code swarm} for networks services can use across nodes, {@code local} otherwise
 * @param driver "" while Swarm's allocator has not yet given a new network one
 */
public record SwarmNetwork(String id, String name, String scope, String driver, Map<String, String> labels,
                           Optional<Instant> createdAt) {

    public SwarmNetwork {
        labels = Map.copyOf(labels);
    }
}
