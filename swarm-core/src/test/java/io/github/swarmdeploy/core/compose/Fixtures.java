package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.sandbox.TestFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Test files on the class path and small helpers to write compose files into temporary directories. */
final class Fixtures {

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(Fixtures.class.getResource("/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path corpus(String id) {
        return resource("compose/corpus/" + id);
    }

    /** KEY=VALUE lines taken literally, as the corpus README describes its .env files. */
    static Map<String, String> variables(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            int at = line.indexOf('=');
            if (at > 0) {
                variables.put(line.substring(0, at), line.substring(at + 1));
            }
        }
        return variables;
    }

    /**
     * What docker printed, as {@code scripts/oracle-goldens} recorded it: the file without its first line, which
     * names the command and the docker CLI.
     */
    static String dockerOutput(Path recorded) {
        return io.github.swarmdeploy.core.convert.oracle.DockerGoldens.withoutHeader(read(recorded));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, String content) {
        return TestFiles.write(dir, name, content);
    }

    static List<Path> files(Path... files) {
        return List.of(files);
    }
}
