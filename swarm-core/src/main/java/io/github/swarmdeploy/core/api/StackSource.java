package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.ComposeFiles;
import io.github.swarmdeploy.core.compose.InvalidStackException;
import io.github.swarmdeploy.core.compose.LoadedStack;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.event.EventListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a stack comes from: its compose files (named, or chosen by an environment in a directory), the variables
 * they are interpolated with, and the stack's name, given once here. Immutable: each {@code with…}-style call returns
 * a new source.
 *
 * <pre>{@code
 * StackSource source = StackSource.environment(Path.of("."), "prod")   // compose.yaml + compose.prod.yaml
 *         .project("shop")                                            // stack shop_prod
 *         .environmentVariables(System.getenv())
 *         .variable("SWARM_TAG", tag.value());
 * String yaml = source.config(events);                                // as docker stack config prints it
 * }</pre>
 *
 * <p>Nothing is read before {@link #load} or {@link #config}; every problem of every file is then reported at once as
 * an {@link InvalidStackException} naming file, line and key.
 */
public final class StackSource {

    /** What a source is made of; each change makes a new one. */
    private record Parts(Path directory, Optional<String> environment, List<Path> files, Optional<String> stackName,
                         Optional<String> project, Map<String, String> environmentVariables,
                         Map<String, String> variables, List<Path> envFiles, boolean readDotEnv) {

        Parts {
            files = List.copyOf(files);
            environmentVariables = Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
            envFiles = List.copyOf(envFiles);
        }

        static Parts of(Path directory, Optional<String> environment, List<Path> files) {
            return new Parts(directory, environment, files, Optional.empty(), Optional.empty(), Map.of(), Map.of(),
                    List.of(), true);
        }
    }

    private final Parts parts;

    private StackSource(Parts parts) {
        this.parts = parts;
    }

    /**
     * The files the environment {@code env} selects in {@code directory}: {@code docker-compose.<env>.yaml} (or
     * {@code compose.<env>.yaml}, {@code .yml}) merged over a base {@code compose.yaml}/{@code docker-compose.yaml}
     * when there is one; without {@code env} (null or blank) the base file alone. The stack is {@code <project>_<env>}
     * unless {@link #stackName(String)} says otherwise; the project is the directory's name unless
     * {@link #project(String)} says otherwise.
     */
    public static StackSource environment(Path directory, String env) {
        Objects.requireNonNull(directory, "directory");
        return new StackSource(Parts.of(directory.toAbsolutePath().normalize(), nonBlank(env), List.of()));
    }

    /**
     * These compose files, merged in order; relative ones are resolved against {@link #directory(Path)} (default: the
     * working directory). The stack needs a {@link #stackName(String)}.
     *
     * @throws InvalidOptionException when no file is given
     */
    public static StackSource files(List<Path> composeFiles) {
        if (composeFiles == null || composeFiles.isEmpty()) {
            throw new InvalidOptionException(Option.COMPOSE_FILES, "", "no compose file given (" + Option.COMPOSE_FILES
                    + ")");
        }
        return new StackSource(Parts.of(Path.of("").toAbsolutePath(), Optional.empty(), composeFiles));
    }

    /** See {@link #files(List)}. */
    public static StackSource files(Path... composeFiles) {
        return files(List.of(composeFiles));
    }

    /**
     * A stack known by its name, for what needs no files (pruning it, looking at it): {@link #environment(Path, String)}
     * in the working directory without an environment, named {@code stack}.
     */
    public static StackSource named(String stack) {
        return environment(Path.of(""), null).stackName(stack);
    }

    /**
     * The directory relative compose and variable files are resolved against, and messages name files relative to
     * (e.g. the project directory).
     */
    public StackSource directory(Path value) {
        Parts p = parts;
        return new StackSource(new Parts(Objects.requireNonNull(value, "directory").toAbsolutePath().normalize(),
                p.environment(), p.files(), p.stackName(), p.project(), p.environmentVariables(), p.variables(),
                p.envFiles(), p.readDotEnv()));
    }

    /** The stack's name, its namespace on the swarm; blank means the default. */
    public StackSource stackName(String value) {
        Parts p = parts;
        return new StackSource(new Parts(p.directory(), p.environment(), p.files(), nonBlank(value), p.project(),
                p.environmentVariables(), p.variables(), p.envFiles(), p.readDotEnv()));
    }

    /** The project part of the default stack name {@code <project>_<env>}; blank means the directory's name. */
    public StackSource project(String value) {
        Parts p = parts;
        return new StackSource(new Parts(p.directory(), p.environment(), p.files(), p.stackName(), nonBlank(value),
                p.environmentVariables(), p.variables(), p.envFiles(), p.readDotEnv()));
    }

    /**
     * The process environment: the variables the files are interpolated with, winning over a {@code .env} file and
     * {@link #envFiles}; {@link #variable} values win over it. Replaces what an earlier call gave.
     */
    public StackSource environmentVariables(Map<String, String> values) {
        Parts p = parts;
        return new StackSource(new Parts(p.directory(), p.environment(), p.files(), p.stackName(), p.project(),
                Objects.requireNonNull(values, "values"), p.variables(), p.envFiles(), p.readDotEnv()));
    }

    /** One variable, winning over the environment and every file (e.g. {@code SWARM_TAG}, the image tag). */
    public StackSource variable(String name, String value) {
        Map<String, String> variables = new LinkedHashMap<>(parts.variables());
        variables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        Parts p = parts;
        return new StackSource(new Parts(p.directory(), p.environment(), p.files(), p.stackName(), p.project(),
                p.environmentVariables(), variables, p.envFiles(), p.readDotEnv()));
    }

    /** Variable files in docker's env-file format, later ones winning; relative ones from {@link #directory}. */
    public StackSource envFiles(List<Path> values) {
        Parts p = parts;
        return new StackSource(new Parts(p.directory(), p.environment(), p.files(), p.stackName(), p.project(),
                p.environmentVariables(), p.variables(), values, p.readDotEnv()));
    }

    /** Whether a {@code .env} file next to the first compose file is read (default true). */
    public StackSource readDotEnv(boolean value) {
        Parts p = parts;
        return new StackSource(new Parts(p.directory(), p.environment(), p.files(), p.stackName(), p.project(),
                p.environmentVariables(), p.variables(), p.envFiles(), value));
    }

    /**
     * The stack's name: the one given, else {@code <project>_<env>} for an environment.
     *
     * @throws InvalidOptionException when neither a name nor an environment is given
     */
    public String stackName() {
        if (parts.stackName().isPresent()) {
            return parts.stackName().get();
        }
        if (parts.environment().isPresent()) {
            Path directory = parts.directory();
            String projectPart = parts.project().orElseGet(() -> directory.getFileName() == null ? "stack"
                    : directory.getFileName().toString());
            return ComposeFiles.defaultStackName(projectPart, parts.environment().get());
        }
        throw new InvalidOptionException(Option.STACK, "", "no stack name: give one (" + Option.STACK
                + ") or an environment (" + Option.ENV + ")");
    }

    /** True when {@link #stackName()} has an answer. */
    public boolean hasStackName() {
        return parts.stackName().isPresent() || parts.environment().isPresent();
    }

    /** The environment that chooses the files, when one does. */
    public Optional<String> environment() {
        return parts.environment();
    }

    /** The directory files are resolved against. */
    public Path directory() {
        return parts.directory();
    }

    /**
     * Whether the source has compose files to read: named ones, or (for an environment) any in its directory. A
     * multi-module build uses it to run stack goals only where there is a stack.
     */
    public boolean hasComposeFiles() {
        return !parts.files().isEmpty() || ComposeFiles.anyIn(parts.directory());
    }

    /**
     * Reads, interpolates, merges and checks the files completely, for deploying: nothing refused here reaches the
     * swarm. Warnings (unset variables, ignored keys) go to {@code events}.
     *
     * @throws InvalidStackException with every problem of every file
     */
    public LoadedStack load(EventListener events) {
        return loader(events).stackName(stackName()).load();
    }

    /**
     * The stack as {@code docker stack config} prints it: files merged, variables substituted, short syntax expanded;
     * values of secrets given with {@code content:} masked. Like docker, only what its loader refuses is a problem;
     * what only a deploy would refuse is a warning to {@code events}. Names are checked against Swarm's limits when
     * the stack has a name.
     *
     * @throws InvalidStackException with every problem docker's loader would report
     */
    public String config(EventListener events) {
        StackLoader loader = loader(events).printOnly(true);
        if (hasStackName()) {
            loader.stackName(stackName());
        }
        return loader.load().toYaml();
    }

    private StackLoader loader(EventListener events) {
        StackLoader loader = parts.files().isEmpty()
                ? StackLoader.forEnvironment(parts.directory(), parts.environment().orElse(null))
                : StackLoader.forFiles(resolved(parts.files()));
        Map<String, String> variables = new LinkedHashMap<>(parts.environmentVariables());
        variables.putAll(parts.variables());
        return loader.environment(variables).envFiles(resolved(parts.envFiles())).readDotEnv(parts.readDotEnv())
                .events(Objects.requireNonNull(events, "events")).displayPathsRelativeTo(parts.directory());
    }

    private List<Path> resolved(List<Path> paths) {
        List<Path> absolute = new ArrayList<>();
        for (Path path : paths) {
            absolute.add(path.isAbsolute() ? path : parts.directory().resolve(path));
        }
        return absolute;
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    @Override
    public String toString() {
        return "StackSource[" + (parts.files().isEmpty() ? "environment " + parts.environment().orElse("(base file)")
                + " in " + parts.directory() : "files " + parts.files()) + parts.stackName().map(name -> ", stack "
                + name).orElse("") + ", " + (parts.environmentVariables().size() + parts.variables().size())
                + " variables]";
    }
}
