package io.github.swarmdeploy.core.compose.model;

import java.util.Objects;

/**
 * Where a value was written: the compose (or variables) file as the user named it, and the 1-based line
 * and column of the value's first character. Rendered {@code file:line:column}, or just the file for
 * something that has no line of its own (a whole file). The one position type: loading, conversion and
 * the checks before a deploy all place what they report with it.
 */
public record Position(String file, int line, int column) {

    public Position {
        Objects.requireNonNull(file, "file");
    }

    /** A position for something that has no line of its own (a whole file). */
    public static Position ofFile(String file) {
        return new Position(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
