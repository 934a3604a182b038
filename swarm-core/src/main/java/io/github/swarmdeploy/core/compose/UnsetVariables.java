package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.event.EventListener;

import java.util.HashSet;
import java.util.Set;

/**
 * Warns once per variable that is used without a default and has no value: docker silently
 * substitutes an empty string, which is rarely what the author of the file meant.
 */
final class UnsetVariables {

    private final EventListener events;
    private final Set<String> warned = new HashSet<>();

    UnsetVariables(EventListener events) {
        this.events = events;
    }

    void record(String variable, SourcePosition position, String path) {
        if (warned.add(variable)) {
            events.on(new ComposeWarning(position, path,
                    "variable " + variable + " is not set, substituting an empty string"));
        }
    }

    Set<String> names() {
        return Set.copyOf(warned);
    }
}
