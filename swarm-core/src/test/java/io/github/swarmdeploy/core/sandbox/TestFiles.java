package io.github.swarmdeploy.core.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files a test writes into its own directory: a compose file, a build context, a git work tree. */
public final class TestFiles {

    private TestFiles() {
    }

    /** Writes {@code content} to {@code dir/name} ({@code name} may have directories, which are created); returns the file. */
    public static Path write(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test file " + name + " in " + dir, e);
        }
    }
}
