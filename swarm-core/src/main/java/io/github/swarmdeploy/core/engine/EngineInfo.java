package io.github.swarmdeploy.core.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code GET /info} says about the engine and its swarm.
 *
 * @param name          the engine host's name
 * @param serverVersion e.g. {@code 20.10.24}
 * @param systemTime    the engine's clock when it answered
 */
public record EngineInfo(String name, String serverVersion, Optional<Instant> systemTime, Swarm swarm) {

    /**
     * {@code Swarm}.
     *
     * @param localNodeState   {@code inactive}, {@code pending}, {@code active}, {@code error}, {@code locked}
     * @param controlAvailable whether this node is a manager
     * @param error            the swarm's error, "" when none
     */
    public record Swarm(String localNodeState, boolean controlAvailable, String nodeId, String nodeAddress,
                        String error) {
    }
}
