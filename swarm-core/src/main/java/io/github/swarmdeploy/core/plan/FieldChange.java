package io.github.swarmdeploy.core.plan;

import java.util.Objects;

/**
 * One field of a spec that differs between the swarm and the compose files, rendered for people: never a
 * secret value, environment variables by name only.
 *
 * @param path   where in the Engine API spec, e.g. {@code TaskTemplate.ContainerSpec.Image}
 * @param field  the name a compose user knows, e.g. {@code image}
 * @param before the value on the swarm ("" when not set)
 * @param after  the value from the files ("" when not set); for lists compared by element, the
 *               additions and removals ({@code +A -B})
 */
public record FieldChange(String path, String field, String before, String after) {

    public FieldChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** {@code field: before → after}, or {@code field: +A -B} when only the change itself is shown. */
    public String render() {
        if (before.isEmpty() && (after.startsWith("+") || after.startsWith("-") || after.startsWith("~"))) {
            return field + ": " + after;
        }
        return field + ": " + (before.isEmpty() ? "(none)" : before) + " → " + (after.isEmpty() ? "(none)" : after);
    }
}
