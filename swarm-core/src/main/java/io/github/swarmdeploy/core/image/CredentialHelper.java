package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.event.EventListener;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The docker CLI's credential helper protocol: {@code docker-credential-<name> get} with the registry's address on
 * standard input answers {@code {"ServerURL": …, "Username": …, "Secret": …}} on standard output, or fails with
 * "credentials not found". The helper is looked up on the {@code PATH} of the environment given here (the process
 * environment in a build), so that it is the one the docker CLI of that environment would run.
 */
final class CredentialHelper {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_OUTPUT = 64 * 1024;
    /** The user name with which a helper says its secret is an identity token, not a password. */
    private static final String IDENTITY_TOKEN_USER = "<token>";

    private final Map<String, String> environment;
    private final EventListener events;

    CredentialHelper(Map<String, String> environment, EventListener events) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * What helper {@code name} has for {@code serverAddress}; empty, with a warning saying why, when it cannot tell,
     * and quietly when it has nothing for this registry.
     *
     * @param configuredBy where the helper is named, e.g. {@code /home/ci/.docker/config.json credsStore}
     */
    Optional<RegistryCredentials> get(String name, String serverAddress, String configuredBy) {
        String command = "docker-credential-" + name;
        Optional<Path> executable = onPath(command);
        if (executable.isEmpty()) {
            events.warn(configuredBy + " names the credential helper " + command + ", which is not on the PATH: no "
                    + "credentials for " + serverAddress + " from it");
            return Optional.empty();
        }
        String output;
        int exit;
        try {
            ProcessBuilder builder = new ProcessBuilder(executable.get().toString(), "get")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverAddress.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                events.warn(command + " get did not answer for " + serverAddress + " within " + TIMEOUT.toSeconds()
                        + "s (" + configuredBy + "): no credentials from it");
                return Optional.empty();
            }
            output = readAtMost(process.getInputStream());
            exit = process.exitValue();
        } catch (IOException e) {
            events.warn("cannot run " + executable.get() + " (" + configuredBy + "): " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (exit != 0) {
            String said = output.strip().lines().findFirst().orElse("");
            if (said.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                events.debug(command + " has no credentials for " + serverAddress);
            } else {
                events.warn(command + " get failed for " + serverAddress + " (exit " + exit + (said.isEmpty() ? "" : ": "
                        + said) + "): no credentials from it");
            }
            return Optional.empty();
        }
        return parse(output, command, serverAddress, configuredBy);
    }

    private Optional<RegistryCredentials> parse(String output, String command, String serverAddress, String configuredBy) {
        JsonNode answer;
        try {
            answer = new ObjectMapper().readTree(output);
        } catch (IOException e) {
            answer = null;
        }
        String user = answer == null ? "" : answer.path("Username").asText("");
        String secret = answer == null ? "" : answer.path("Secret").asText("");
        if (user.isEmpty() || secret.isEmpty()) {
            events.warn(command + " get answered for " + serverAddress + " without a Username and Secret: no credentials "
                    + "from it");
            return Optional.empty();
        }
        if (user.equals(IDENTITY_TOKEN_USER)) {
            events.warn(command + " holds an identity token for " + serverAddress + ", which swarm-deploy cannot send; "
                    + "log in with a user and a password or access token instead");
            return Optional.empty();
        }
        return Optional.of(new RegistryCredentials(user, secret, command + " (" + configuredBy + ")"));
    }

    private Optional<Path> onPath(String command) {
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String readAtMost(InputStream in) throws IOException {
        return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
    }
}
