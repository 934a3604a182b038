package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.event.EventListener;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Warns once per variable that is used without a default and has no value: docker silently
 * substitutes an empty string, which is rarely what the author of the file meant. Not for a
 * {@code name: ${VAR}} of a config or secret that deploy names itself (the pipeline's
 * get-config-versions.py convention): there the variable is meant to be unset, and deploy says what
 * name it gives instead.
 */
final class UnsetVariables {

    private final EventListener events;
    private final Predicate<String> namedByDeploy;
    private final Set<String> warned = new HashSet<>();

    /** @param namedByDeploy whether the value at a path is a name deploy gives itself when it is empty */
    UnsetVariables(EventListener events, Predicate<String> namedByDeploy) {
        this.events = events;
        this.namedByDeploy = namedByDeploy;
    }

    void record(String variable, Position position, String path) {
        if (namedByDeploy.test(path)) {
            return;
        }
        if (warned.add(variable)) {
            events.on(new ComposeWarning(position, path,
                    "variable " + variable + " is not set, substituting an empty string"));
        }
    }

    Set<String> names() {
        return Set.copyOf(warned);
    }
}
