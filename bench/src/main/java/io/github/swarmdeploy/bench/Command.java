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
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
     * Runs to completion under GNU time ({@value #TIME}), which reports the peak resident set size and the CPU time
     * of the process (for {@code mvn}, whose script ends in {@code exec java}, the Maven JVM's) in a file next to the
     * log; the machine's CPU use meanwhile comes from {@code /proc/stat}.
     */
    Result runMeasured(Path log, Duration timeout) {
        return run(log, timeout, Files.isExecutable(Path.of(TIME)));
    }

    private Result run(Path log, Duration timeout, boolean underTime) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Path timeReport = log.resolveSibling(log.getFileName() + ".time");
            List<String> command = new ArrayList<>();
            if (underTime) {
                command.addAll(List.of(TIME, "-f", "%M %U %S", "-o", timeReport.toString()));
            }
            command.addAll(argv);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Optional<CpuTicks> ticksBefore = underTime ? CpuTicks.read() : Optional.empty();
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
            Optional<CpuTicks> ticksAfter = ticksBefore.isPresent() ? CpuTicks.read() : Optional.empty();
            Optional<TimeReport> report = underTime ? TimeReport.read(timeReport) : Optional.empty();
            OptionalDouble othersBusy = OptionalDouble.empty();
            if (report.isPresent() && ticksBefore.isPresent() && ticksAfter.isPresent()) {
                othersBusy = OptionalDouble.of(ticksAfter.get().othersBusySince(ticksBefore.get(),
                        report.get().cpuMillis(), wall));
            }
            return new Result(timedOut ? -1 : process.exitValue(), wall, log, timedOut, startedAt,
                    startedAt.plus(wall), report.map(r -> OptionalLong.of(r.peakRssKb())).orElse(OptionalLong.empty()),
                    report.map(r -> OptionalLong.of(r.cpuMillis())).orElse(OptionalLong.empty()), othersBusy);
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

    /** GNU time's report ({@code %M %U %S}): peak RSS in KiB, user and system CPU seconds. */
    private record TimeReport(long peakRssKb, long cpuMillis) {

        private static final Pattern LINE = Pattern.compile("([0-9]+) ([0-9]+\\.[0-9]+) ([0-9]+\\.[0-9]+)");

        /** The report's last line (GNU time writes a note on the exit status above it); empty when it wrote none. */
        static Optional<TimeReport> read(Path file) {
            try {
                List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
                for (int i = lines.size() - 1; i >= 0; i--) {
                    Matcher matcher = LINE.matcher(lines.get(i).strip());
                    if (matcher.matches()) {
                        double cpuSeconds = Double.parseDouble(matcher.group(2)) + Double.parseDouble(matcher.group(3));
                        return Optional.of(new TimeReport(Long.parseLong(matcher.group(1)), Math.round(cpuSeconds * 1000)));
                    }
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * The machine's CPU time so far, all cores together, in the kernel's ticks (the first line of {@code /proc/stat}),
     * and its number of cores (the {@code cpuN} lines).
     */
    private record CpuTicks(long busy, long total, int cores) {

        static Optional<CpuTicks> read() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
                String[] fields = lines.get(0).trim().split("\\s+");
                int cores = (int) lines.stream().filter(line -> line.matches("cpu[0-9]+ .*")).count();
                long total = 0;
                long idle = 0;
                // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
                for (int i = 1; i <= 8 && i < fields.length; i++) {
                    long value = Long.parseLong(fields[i]);
                    total += value;
                    if (i == 4 || i == 5) {
                        idle += value;
                    }
                }
                return Optional.of(new CpuTicks(total - idle, total, cores));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /**
         * The share of all cores (0 to 1) that was busy since {@code before}, less what one process that ran for
         * {@code wall} used of it ({@code ownCpuMillis}): what the other processes used meanwhile.
         */
        double othersBusySince(CpuTicks before, long ownCpuMillis, Duration wall) {
            long total = this.total - before.total;
            if (total <= 0 || cores <= 0 || wall.isZero()) {
                return 0;
            }
            double own = ownCpuMillis / (wall.toMillis() * (double) cores);
            return Math.max(0, (double) (busy - before.busy) / total - own);
        }
    }

    /**
     * How the command ended and how long it took.
     *
     * @param startedAt when it was started, by this machine's clock (the sandbox engine's too)
     * @param endedAt   when its exit was seen
     * @param peakRssKb the process's peak resident set size, when measured
     * @param cpuMillis the process's user and system CPU time, when measured
     * @param othersBusy the share of all cores (0 to 1) that other processes (dockerd, containerd, the stack's
     *                   healthchecks, other builds) used while it ran, when measured
     */
    record Result(int exitCode, Duration wall, Path log, boolean timedOut, Instant startedAt, Instant endedAt,
                  OptionalLong peakRssKb, OptionalLong cpuMillis, OptionalDouble othersBusy) {

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
