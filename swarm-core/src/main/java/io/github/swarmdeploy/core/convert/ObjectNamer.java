package io.github.swarmdeploy.core.convert;

import java.util.Map;

/**
 * Decides the Swarm name (and any extra labels) of each config and secret the stack owns, and any extra labels
 * of the networks it creates. Called once per non-external config/secret during conversion; the service
 * references use the same name. External objects keep the name they are known by and are never passed here.
 *
 * <p>{@link #DOCKER} is {@code docker stack deploy}'s rule. A deployer that versions objects by content
 * supplies its own (for example {@code <stack>_<key>-<hash>}).
 */
@FunctionalInterface
public interface ObjectNamer {

    /** docker's rule: the explicit {@code name:} as written, otherwise {@code <stack>_<key>}. */
    ObjectNamer DOCKER = object -> object.explicitName().orElse(object.stack() + "_" + object.key());

    /** The Swarm name of the object. Must be a valid Swarm name (at most 64 characters). */
    String name(FileObject object);

    /**
     * Labels to add to the object besides the file's labels and {@code com.docker.stack.namespace}; they
     * win over the file's labels of the same key. None by default.
     */
    default Map<String, String> labels(FileObject object) {
        return Map.of();
    }

    /**
     * Labels to add to every network the stack creates besides the file's labels and
     * {@code com.docker.stack.namespace}; they win over the file's labels of the same key. None by default.
     */
    default Map<String, String> networkLabels(String stack) {
        return Map.of();
    }
}
