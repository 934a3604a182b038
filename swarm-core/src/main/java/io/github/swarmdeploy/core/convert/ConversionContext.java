package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.StackDefinition;

import java.util.Map;

/**
 * What every conversion function of one stack needs: its namespace, the definition (for positions and
 * top-level objects) and the Swarm names decided for its configs and secrets.
 *
 * @param configNames Swarm name by config key (external ones included)
 * @param secretNames Swarm name by secret key (external ones included)
 */
record ConversionContext(StackNamespace namespace, StackDefinition definition, Map<String, String> configNames,
                         Map<String, String> secretNames) {

    /** A conversion problem at {@code keyPath}, with its position when known. */
    ConversionException problem(String keyPath, String message) {
        return new ConversionException(new Problem(definition.positionOf(keyPath).orElse(null), keyPath, message));
    }

    /**
     * The name an external object is known by: its {@code name:}, the deprecated {@code external.name},
     * or its key (docker's loader rule).
     */
    static String externalName(String key, String name, External external) {
        if (!external.name().isEmpty()) {
            return external.name();
        }
        return name.isEmpty() ? key : name;
    }
}
