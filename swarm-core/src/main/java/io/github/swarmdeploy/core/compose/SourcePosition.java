package io.github.swarmdeploy.core.compose;

import java.util.Objects;

/**
 * Where a value was written: the compose (or variable) file as the user named it, and the 1-based line
 * and column of the value's first character. Rendered {@code file:line:column}.
 */
public record SourcePosition(String file, int line, int column) {

    public SourcePosition {
        Objects.requireNonNull(file, "file");
    }

    /** A position for something that has no line of its own (a whole file). */
    public static SourcePosition ofFile(String file) {
        return new SourcePosition(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
