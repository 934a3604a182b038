package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.engine.EngineConfigurationException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret value a goal reads when it runs (an SSH passphrase, a registry password, a GitLab token), and where it
 * was found, for the log. A secret is never a Mojo parameter: Maven prints every parameter's value at {@code -X}.
 *
 * <p>For the secret {@code swarm.x.secret}, first that has one: the {@code -Dswarm.x.secret} property of this run (the
 * session's user properties, then system properties, read here and never injected), the file parameter
 * {@code swarm.x.secretFile} (one trailing line break dropped, as {@code docker login --password-stdin} does), the
 * environment variable that {@code swarm.x.secretEnv} names. A goal may look further (settings.xml, CI variables).
 *
 * <p>{@link #toString()} shows where it came from, never the value.
 */
final class Secret {

    private final String value;
    private final String source;

    private Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The value itself: hand it to the core, never to a log or a message. */
    String value() {
        return value;
    }

    /** Where it was found, e.g. {@code -Dswarm.registry.password} or {@code $REGISTRY_PASSWORD}. */
    String source() {
        return source;
    }

    /**
     * The secret {@code property} of this run.
     *
     * @param file     the {@code <property>File} parameter; may be null
     * @param variable the name the {@code <property>Env} parameter gives; may be null
     */
    static Optional<Secret> find(AbstractSwarmMojo goal, String property, File file, String variable) {
        Optional<Secret> fromProperty = commandLineProperty(goal, property);
        if (fromProperty.isPresent()) {
            return fromProperty;
        }
        warnAboutPomProperty(goal, property);
        if (file != null) {
            return Optional.of(new Secret(read(file, property + "File"), property + "File " + file));
        }
        if (variable != null && !variable.isBlank()) {
            String fromEnvironment = goal.environment().get(variable.strip());
            if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                return Optional.of(new Secret(fromEnvironment, "$" + variable.strip()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Secret> commandLineProperty(AbstractSwarmMojo goal, String property) {
        if (goal.session == null) {
            return Optional.empty();
        }
        String value = goal.session.getUserProperties().getProperty(property);
        if (value == null) {
            value = goal.session.getSystemProperties().getProperty(property);
        }
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(new Secret(value, "-D" + property));
    }

    /** A secret in a pom is in the repository for everyone to read: it is not taken from there. */
    private static void warnAboutPomProperty(AbstractSwarmMojo goal, String property) {
        if (goal.project != null && goal.project.getProperties().getProperty(property) != null) {
            goal.getLog().warn("The pom property " + property + " is not read: a secret in a pom is in the repository "
                    + "for everyone to read. Give it with -D" + property + ", " + property + "File or the variable "
                    + property + "Env names");
        }
    }

    private static String read(File file, String parameter) {
        try {
            String content = Files.readString(file.toPath(), StandardCharsets.UTF_8);
            if (content.endsWith("\n")) {
                content = content.substring(0, content.length() - 1);
            }
            if (content.endsWith("\r")) {
                content = content.substring(0, content.length() - 1);
            }
            return content;
        } catch (IOException e) {
            throw new EngineConfigurationException(parameter + ": cannot read " + file + " ("
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getClass().getSimpleName()) + ")");
        }
    }

    @Override
    public String toString() {
        return "Secret[from " + source + "]";
    }
}
