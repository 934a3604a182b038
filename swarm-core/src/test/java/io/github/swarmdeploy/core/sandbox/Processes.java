package io.github.swarmdeploy.core.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

    /**
     * The processes of this machine whose command line contains {@code text} (read from {@code /proc}), never this
     * JVM or one of its ancestors.
     */
    public static List<ProcessHandle> withCommandLineContaining(String text) {
        List<ProcessHandle> found = new ArrayList<>();
        List<Long> self = Stream.iterate(ProcessHandle.current(), process -> process.parent().orElse(null))
                .takeWhile(process -> process != null).map(ProcessHandle::pid).toList();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || self.contains(Long.parseLong(name))) {
                    continue;
                }
                try {
                    String commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (commandLine.contains(text)) {
                        ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc: " + e.getMessage(), e);
        }
        return found;
    }

    /** Kills these processes (SIGKILL) and waits, at most 30s, until they are gone; fails naming those that stay. */
    public static void killAll(Collection<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroyForcibly);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (ProcessHandle process : processes) {
            while (process.isAlive()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("killed processes still run: " + processes.stream()
                            .filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                            .toList());
                }
                try {
                    process.onExit().get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    // look again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while killing processes", e);
                }
            }
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
