package io.github.swarmdeploy.core.event;

/**
 * Something the core wants a front-end to show. Each package adds its own typed events (a service
 * changed state, a plan was computed); every event still renders as one line of text at a level, so a
 * front-end that knows none of the types can show them all.
 */
public interface Event {

    Level level();

    /** One line, fit for a build log. Never contains a secret value. */
    String message();

    enum Level {
        DEBUG, INFO, WARN, ERROR
    }
}
