package io.github.swarmdeploy.core.convert.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The docker CLI on this machine (28.2), the oracle: runs it and returns what it printed. */
public final class DockerCli {

    private DockerCli() {
    }

    /** Output of a finished docker command. */
    public record Result(int exitCode, String output) {
    }

    /** Output of a finished docker command, its standard output and error apart. */
    public record Streams(int exitCode, String stdout, String stderr) {
    }

    /**
     * {@code docker stack deploy --detach=true -c <file> [-c <file> …] <stack>} in the first file's directory
     * (files merged in this order), with exactly the given variables on top of PATH and DOCKER_HOST (nothing
     * else from this process's environment leaks in).
     */
    public static Result stackDeploy(List<Path> composeFiles, String stack, Map<String, String> variables,
                                     String... options) {
        Path directory = composeFiles.get(0).getParent();
        List<String> arguments = new ArrayList<>(List.of("stack", "deploy", "--detach=true"));
        arguments.addAll(List.of(options));
        for (Path file : composeFiles) {
            arguments.add("-c");
            arguments.add(directory.relativize(file).toString());
        }
        arguments.add(stack);
        return run(directory, variables, arguments.toArray(String[]::new));
    }

    /**
     * The complete environment docker runs with: PATH, DOCKER_HOST and HOME of this process, then the given
     * variables (which win). Load the same file with exactly these variables to compare like with like.
     */
    public static Map<String, String> environment(Map<String, String> variables) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        for (String name : List.of("PATH", "DOCKER_HOST", "HOME")) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.putAll(variables);
        return environment;
    }

    /** The docker CLI's version ({@code docker version --format {{.Client.Version}}}), e.g. {@code 28.2.2}. */
    public static String clientVersion() {
        Streams version = capture(Path.of("."), Map.of(), "version", "--format", "{{.Client.Version}}");
        return version.stdout().strip();
    }

    /** Runs docker as {@link #run} does, keeping what it printed to standard output and error apart. */
    public static Streams capture(Path directory, Map<String, String> variables, String... arguments) {
        try {
            Path out = java.nio.file.Files.createTempFile("docker-out", ".txt");
            Path err = java.nio.file.Files.createTempFile("docker-err", ".txt");
            try {
                ProcessBuilder builder = builder(directory, variables, arguments);
                builder.redirectErrorStream(false).redirectOutput(out.toFile()).redirectError(err.toFile());
                Process process = builder.start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("docker " + String.join(" ", arguments) + " did not finish in 5 minutes");
                }
                return new Streams(process.exitValue(), java.nio.file.Files.readString(out),
                        java.nio.file.Files.readString(err));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
                java.nio.file.Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the docker CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running docker", e);
        }
    }

    private static ProcessBuilder builder(Path directory, Map<String, String> variables, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(System.getenv().getOrDefault("SWARM_DOCKER_CLI", "docker"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(variables));
        return builder;
    }

    public static Result run(Path directory, Map<String, String> variables, String... arguments) {
        ProcessBuilder builder = builder(directory, variables, arguments).redirectErrorStream(true);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", arguments) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the docker CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running docker", e);
        }
    }
}
