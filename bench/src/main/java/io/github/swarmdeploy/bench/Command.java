package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One external command (docker, java, mvn): run in a directory with extra environment variables, its output
 * kept in a log file, its wall-clock time measured from start to exit, bounded by a timeout.
 */
final class Command {

    /** GNU time, which can report a process's peak resident set size. */
    static final String TIME = "/usr/bin/time";

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
        return run(log, timeout, false);
    }

    /**
     * Runs to completion under GNU time ({@value #TIME}), which reports the peak resident set size of the
     * process (for {@code mvn}, whose script ends in {@code exec java}, the Maven JVM's) in a file next to the log.
     */
    Result runMeasuringMemory(Path log, Duration timeout) {
        return run(log, timeout, Files.isExecutable(Path.of(TIME)));
    }

    private Result run(Path log, Duration timeout, boolean measureMemory) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Path rss = log.resolveSibling(log.getFileName() + ".rss");
            List<String> command = new ArrayList<>();
            if (measureMemory) {
                command.addAll(List.of(TIME, "-f", "%M", "-o", rss.toString()));
            }
            command.addAll(argv);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            Process process = builder.start();
            boolean timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            return new Result(timedOut ? -1 : process.exitValue(), wall, log, timedOut, startedAt,
                    startedAt.plus(wall), measureMemory ? peakRssKb(rss) : OptionalLong.empty());
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

    /** GNU time's last line: the peak RSS in KiB ({@code %M}); empty when it wrote none. */
    private static OptionalLong peakRssKb(Path file) {
        try {
            List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).strip().matches("[0-9]+")) {
                    return OptionalLong.of(Long.parseLong(lines.get(i).strip()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * How the command ended and how long it took.
     *
     * @param startedAt when it was started, by this machine's clock (the sandbox engine's too)
     * @param endedAt   when its exit was seen
     * @param peakRssKb the process's peak resident set size, when measured
     */
    record Result(int exitCode, Duration wall, Path log, boolean timedOut, Instant startedAt, Instant endedAt,
                  OptionalLong peakRssKb) {

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
