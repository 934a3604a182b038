package io.github.swarmdeploy.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a run leaves for the user or CI (deploy report, list of pushed images, image tag, printed stack):
 * its directory is created first, and a failure is an {@link InfrastructureException} naming what and where.
 */
public final class OutputFile {

    private OutputFile() {
    }

    /**
     * Writes {@code content} (UTF-8) to {@code file}, creating the directories it goes into.
     *
     * @param what names the file in a failure, e.g. {@code "the deploy report"}
     * @return {@code file}
     */
    public static Path write(Path file, String content, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + what + " to " + file + ": " + e.getMessage(), e);
        }
    }
}
