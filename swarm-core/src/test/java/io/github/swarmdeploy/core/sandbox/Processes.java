package io.github.swarmdeploy.core.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool of this machine (docker, git, ssh-keygen, ss, mvn) for a test's setup or check. */
public final class Processes {

    private Processes() {
    }

    /** The command's output (stdout and stderr); an AssertionError with it when the command fails. */
    public static String run(String... command) {
        return runIn(null, command);
    }

    /** Whether an executable {@code tool} is in a directory of the {@code PATH}. */
    public static boolean isOnPath(String tool) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The text of a process's log file for a failure message, or a note that it cannot be read. */
    public static String readLog(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    /** {@link #run} in a working directory (null: this process's). */
    public static String runIn(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 120s: " + output);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }
}
