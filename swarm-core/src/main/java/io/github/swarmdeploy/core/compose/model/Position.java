package io.github.swarmdeploy.core.compose.model;

import java.nio.file.Path;
import java.util.Objects;

/** Where a value stands in a compose file; lines and columns count from 1. */
public record Position(Path file, int line, int column) {

    public Position {
        Objects.requireNonNull(file, "file");
    }

    /** {@code docker-compose.prod.yaml:14:7}: the file name as given, for messages. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
