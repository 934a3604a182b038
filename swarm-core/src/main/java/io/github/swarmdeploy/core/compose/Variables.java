package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.model.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a stack is interpolated with: the process environment (given, never read globally),
 * over the files named by the user (later files over earlier ones), over a {@code .env} file next to
 * the first compose file. The files use docker's env-file format.
 */
final class Variables {

    private final Map<String, String> values;

    private Variables(Map<String, String> values) {
        this.values = values;
    }

    static Variables of(Map<String, String> environment) {
        return new Variables(new LinkedHashMap<>(environment));
    }

    /**
     * @param dotEnv   the {@code .env} next to the first compose file; read when it exists
     * @param envFiles files the user named; each must exist
     */
    static Variables resolve(Map<String, String> environment, Path dotEnv, List<Path> envFiles, List<Problem> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        if (dotEnv != null && Files.isRegularFile(dotEnv)) {
            read(dotEnv, environment, values, problems);
        }
        for (Path file : envFiles) {
            read(file, environment, values, problems);
        }
        values.putAll(environment);
        return new Variables(values);
    }

    private static void read(Path file, Map<String, String> environment, Map<String, String> into, List<Problem> problems) {
        EnvFileParser.Parsed parsed;
        try {
            parsed = EnvFileParser.read(file, name -> Optional.ofNullable(environment.get(name)));
        } catch (NoSuchFileException e) {
            problems.add(new Problem(Position.ofFile(file.toString()), "", "variables file not found"));
            return;
        } catch (IOException e) {
            problems.add(new Problem(Position.ofFile(file.toString()), "", "cannot read variables file: " + CanonicalForm.describe(e)));
            return;
        }
        if (parsed.failed()) {
            problems.add(new Problem(new Position(file.toString(), parsed.errorLine(), 1), "", parsed.error()));
            return;
        }
        for (String line : parsed.lines()) {
            int at = line.indexOf('=');
            into.put(line.substring(0, at), line.substring(at + 1));
        }
    }

    Optional<String> lookup(String name) {
        return Optional.ofNullable(values.get(name));
    }

    Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
