package io.github.swarmdeploy.core.event;

import java.util.List;

/** Receives the core's events. Called from whichever thread produced the event. */
@FunctionalInterface
public interface EventListener {

    EventListener IGNORE = event -> { };

    void on(Event event);

    default void debug(String message) {
        on(LogEvent.debug(message));
    }

    default void info(String message) {
        on(LogEvent.info(message));
    }

    default void warn(String message) {
        on(LogEvent.warn(message));
    }

    /** One listener that passes every event to each of the given ones, in order. */
    static EventListener all(List<EventListener> listeners) {
        List<EventListener> copy = List.copyOf(listeners);
        return event -> copy.forEach(listener -> listener.on(event));
    }
}
