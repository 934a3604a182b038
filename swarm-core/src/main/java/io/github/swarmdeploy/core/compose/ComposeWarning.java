package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.event.Event;

/**
 * Something in the compose files that is accepted but probably not what the user meant: a key Swarm
 * ignores, a variable that is not set, a deprecated form. Position and path may be absent when the
 * warning concerns the stack as a whole.
 */
public record ComposeWarning(Position position, String path, String text) implements Event {

    @Override
    public Level level() {
        return Level.WARN;
    }

    @Override
    public String message() {
        return new Problem(position, path, text).toString();
    }
}
