package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.event.Event;

import java.util.Objects;

/**
 * A watched service moved to a new state, e.g. {@code backend: updating 1/2}. Sent only when the state
 * text changes, so a front-end can print every one of them without flooding its log.
 */
public record ServiceStateChanged(String service, String state) implements Event {

    public ServiceStateChanged {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(state, "state");
    }

    @Override
    public Level level() {
        return Level.INFO;
    }

    @Override
    public String message() {
        return service + ": " + state;
    }
}
