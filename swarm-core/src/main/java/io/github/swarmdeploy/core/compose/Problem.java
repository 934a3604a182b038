package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.model.Position;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a stack definition: where it is, the key path ({@code services.web.ports[0]}),
 * and what is wrong. {@link #toString()} is the line a user sees:
 * {@code docker-compose.yml:14:7 services.backend.deploy.replicass: unknown key (did you mean 'replicas'?)}.
 */
public record Problem(Position position, String path, String message) {

    /** File, then line, then column, then path: the order a user reads a file in. */
    public static final Comparator<Problem> READING_ORDER = Comparator
            .comparing((Problem p) -> p.position() == null ? "" : p.position().file())
            .thenComparingInt(p -> p.position() == null ? 0 : p.position().line())
            .thenComparingInt(p -> p.position() == null ? 0 : p.position().column())
            .thenComparing(Problem::path);

    /** A problem that has no place in the files (the swarm refused something, a lock is taken). */
    public static Problem general(String message) {
        return new Problem(null, "", message);
    }

    public Problem {
        Objects.requireNonNull(message, "message");
        path = path == null ? "" : path;
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        if (position != null) {
            // a whole file or directory, with no line or key to name: "f.yml: message", not "f.yml message"
            line.append(position).append(path.isEmpty() && position.line() <= 0 ? ": " : " ");
        }
        if (!path.isEmpty()) {
            line.append(path).append(": ");
        }
        return line.append(message).toString();
    }
}
