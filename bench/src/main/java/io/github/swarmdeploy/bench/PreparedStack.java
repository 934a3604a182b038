package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One stack's copy of a fixture, ready to deploy: its own directory with the compose file and the files it
 * references, the variables every deployer gets, and the prerequisites created for it (removed by
 * {@link #removePrerequisites()}).
 */
final class PreparedStack {

    private final String stack;
    private final Path directory;
    private final Path composeFile;
    private final Map<String, String> variables;
    private final Map<String, Path> versionedConfigs;
    private final Path changingFile;
    private final List<Runnable> prerequisiteRemovals;

    PreparedStack(String stack, Path directory, Path composeFile, Map<String, String> variables,
                  Map<String, Path> versionedConfigs, Path changingFile, List<Runnable> prerequisiteRemovals) {
        this.stack = stack;
        this.directory = directory;
        this.composeFile = composeFile;
        this.variables = Map.copyOf(variables);
        this.versionedConfigs = Map.copyOf(versionedConfigs);
        this.changingFile = changingFile;
        this.prerequisiteRemovals = new ArrayList<>(prerequisiteRemovals);
    }

    String stack() {
        return stack;
    }

    Path directory() {
        return directory;
    }

    Path composeFile() {
        return composeFile;
    }

    /** Interpolation variables every deployer gets (images, registry). */
    Map<String, String> variables() {
        return variables;
    }

    /**
     * What the pipeline swarm-deploy replaces exported before {@code docker stack deploy}: for each config
     * whose {@code name:} is exactly {@code ${VAR}}, {@code VAR = lower(VAR) + "_" + md5hex(file)} (its
     * get-config-versions.py). docker needs them; swarm-deploy derives the same names when they are unset.
     */
    Map<String, String> pipelineVariables() {
        Map<String, String> exported = new LinkedHashMap<>();
        versionedConfigs.forEach((variable, file) ->
                exported.put(variable, variable.toLowerCase(Locale.ROOT) + "_" + md5Hex(file)));
        return exported;
    }

    /** The one-config-change step: one line appended to one config file (a new content, so a new version). */
    void changeConfig(String line) {
        try {
            Files.writeString(changingFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void removePrerequisites() {
        for (Runnable removal : prerequisiteRemovals) {
            try {
                removal.run();
            } catch (RuntimeException e) {
                System.err.println("  could not remove a prerequisite of " + stack + ": " + e.getMessage());
            }
        }
    }

    private static String md5Hex(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
