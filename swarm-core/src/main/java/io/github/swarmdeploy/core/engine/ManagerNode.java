package io.github.swarmdeploy.core.engine;

/**
 * The swarm manager an engine connection talks to, as {@code GET /info} describes it.
 *
 * @param nodeId        the node's swarm ID
 * @param nodeAddress   the address other nodes reach it at
 * @param hostname      the engine host's name
 * @param engineVersion the engine's version, e.g. {@code 20.10.24}
 */
public record ManagerNode(String nodeId, String nodeAddress, String hostname, String engineVersion) {
}
