package io.github.swarmdeploy.core.event;

import java.util.Objects;

/** A plain message without further structure. */
public record LogEvent(Level level, String message) implements Event {

    public LogEvent {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    public static LogEvent debug(String message) {
        return new LogEvent(Level.DEBUG, message);
    }

    public static LogEvent info(String message) {
        return new LogEvent(Level.INFO, message);
    }

    public static LogEvent warn(String message) {
        return new LogEvent(Level.WARN, message);
    }

    public static LogEvent error(String message) {
        return new LogEvent(Level.ERROR, message);
    }
}
