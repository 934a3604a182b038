package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.SwarmDeployException;

/**
 * A stack definition that cannot become Swarm objects, for a reason {@code docker stack deploy} would also
 * refuse it (an undefined network, {@code replicas} with a global service, …). The message starts with
 * {@code file:line:column key.path} when the position is known.
 */
public class ConversionException extends SwarmDeployException {

    public ConversionException(String message) {
        super(message);
    }
}
