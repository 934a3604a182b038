package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.plan.Change;

/** One mutation of the swarm went through: a network, secret, config or service created, updated or removed. */
public record DeployStepDone(Change change, String id) implements Event {

    @Override
    public Level level() {
        return Level.INFO;
    }

    @Override
    public String message() {
        String verb = switch (change.action()) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case REMOVE -> "removed";
            default -> change.action().name().toLowerCase(java.util.Locale.ROOT);
        };
        return verb + " " + change.kind().word() + " " + change.name();
    }
}
