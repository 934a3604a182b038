package io.github.swarmdeploy.core.engine;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * A CI variable that holds either its content or the path of a file with the content: GitLab's <em>File</em>
 * variables ({@code SSH_PRIVATE_KEY}, {@code SSH_KNOWN_HOSTS} of type File) give the job a path to a temporary
 * file, <em>Variable</em> ones the text itself. The value is a file when it is one line naming a regular file.
 */
public final class FileVariable {

    private FileVariable() {
    }

    /** The file the value names, when it is one line that is the path of an existing regular file. */
    public static Optional<Path> file(String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.contains("\n")) {
            return Optional.empty();
        }
        try {
            Path path = Paths.get(text);
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
