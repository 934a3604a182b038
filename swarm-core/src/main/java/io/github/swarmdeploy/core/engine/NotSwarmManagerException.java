package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.InfrastructureException;

/** The engine answers, but it is not a manager of an active swarm, so it cannot deploy stacks. */
public class NotSwarmManagerException extends InfrastructureException {

    public NotSwarmManagerException(String message) {
        super(message);
    }
}
