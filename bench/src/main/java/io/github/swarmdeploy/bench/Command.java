package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external command (docker, java, mvn): run in a directory with extra environment variables, its output
 * kept in a log file, its wall-clock time measured from start to exit, bounded by a timeout.
 */
final class Command {

    private final List<String> argv;
    private final Map<String, String> environment;
    private final Path directory;

    private Command(List<String> argv, Map<String, String> environment, Path directory) {
        this.argv = List.copyOf(argv);
        this.environment = Map.copyOf(environment);
        this.directory = directory;
    }

    static Command of(List<String> argv, Map<String, String> environment, Path directory) {
        return new Command(argv, environment, directory);
    }

    static Command of(String... argv) {
        return new Command(List.of(argv), Map.of(), Path.of("."));
    }

    List<String> argv() {
        return argv;
    }

    /** Runs to completion; output (stdout and stderr) goes to {@code log}. */
    Result run(Path log, Duration timeout) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                return new Result(-1, Duration.ofNanos(System.nanoTime() - start), log, true);
            }
            return new Result(process.exitValue(), Duration.ofNanos(System.nanoTime() - start), log, false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", argv), e);
        }
    }

    /** Runs a short command and returns its standard output; fails with its output when it exits non-zero. */
    String output(Duration timeout) {
        try {
            Path log = Files.createTempFile("swarm-bench-", ".log");
            try {
                Result result = run(log, timeout);
                String text = Files.readString(log, StandardCharsets.UTF_8);
                if (!result.succeeded()) {
                    throw new IllegalStateException(String.join(" ", argv) + " failed ("
                            + result.describeExit() + "):\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the command ended and how long it took. */
    record Result(int exitCode, Duration wall, Path log, boolean timedOut) {

        boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        String describeExit() {
            return timedOut ? "timed out after " + wall.toSeconds() + " s" : "exit " + exitCode;
        }

        /** The last lines of the log, for an error message. */
        String tail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
            } catch (IOException | UncheckedIOException e) {
                return "(log " + log + " unreadable: " + e.getMessage() + ")";
            }
        }
    }
}
