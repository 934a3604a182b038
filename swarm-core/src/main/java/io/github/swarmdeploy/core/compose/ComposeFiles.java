package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.model.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which compose files make up a stack when only a directory and an environment name are given:
 * {@code docker-compose.<env>.yaml|yml} or {@code compose.<env>.yaml|yml}, merged over a base
 * {@code compose.yaml|yml} or {@code docker-compose.yaml|yml} when the directory has one. Two candidates
 * for the same role are an error, so that no file is silently ignored.
 */
public final class ComposeFiles {

    private static final Pattern ENV_FILE = Pattern.compile("^(?:docker-)?compose\\.(.+)\\.ya?ml$");
    private static final List<String> BASE_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

    private ComposeFiles() {
    }

    /**
     * The files for environment {@code env} in {@code directory}: the base file (if any), then the
     * environment's file. Without {@code env} (null or blank) only the base file.
     *
     * @throws InvalidStackException when a role has no file or more than one candidate
     */
    public static List<Path> forEnvironment(Path directory, String env) {
        List<Path> files = new ArrayList<>();
        List<Path> bases = existing(directory, BASE_NAMES);
        if (bases.size() > 1) {
            throw ambiguous(directory, "base compose file", bases);
        }
        files.addAll(bases);
        if (env == null || env.isBlank()) {
            if (bases.isEmpty()) {
                throw new InvalidStackException(List.of(new Problem(Position.ofFile(directory.toString()), "",
                        "no compose file: expected one of " + String.join(", ", BASE_NAMES)
                                + " (or name an environment: " + Option.ENV + "; or list the files: " + Option.COMPOSE_FILES + ")")));
            }
            return List.copyOf(files);
        }
        List<String> envNames = List.of("docker-compose." + env + ".yaml", "docker-compose." + env + ".yml",
                "compose." + env + ".yaml", "compose." + env + ".yml");
        List<Path> envFiles = existing(directory, envNames);
        if (envFiles.size() > 1) {
            throw ambiguous(directory, "compose file for environment '" + env + "'", envFiles);
        }
        if (envFiles.isEmpty()) {
            throw new InvalidStackException(List.of(new Problem(Position.ofFile(directory.toString()), "",
                    "no compose file for environment '" + env + "': expected one of " + String.join(", ", envNames)
                            + environmentsFound(directory))));
        }
        files.addAll(envFiles);
        return List.copyOf(files);
    }

    /**
     * Whether {@code directory} holds any compose file, a base one or one of some environment: in a multi-module
     * build the stack goals run in the modules that do.
     */
    public static boolean anyIn(Path directory) {
        if (!existing(directory, BASE_NAMES).isEmpty()) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.anyMatch(p -> ENV_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    /** The default stack name: {@code <project>_<env>}, or the project alone without an environment. */
    public static String defaultStackName(String project, String env) {
        return env == null || env.isBlank() ? project : project + "_" + env;
    }

    /** The environments the directory does have files for, so that a mistyped environment shows the right one. */
    private static String environmentsFound(Path directory) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.map(p -> ENV_FILE.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .distinct()
                    .sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            return "";
        }
        return found.isEmpty() ? "" : "; environments found there: " + String.join(", ", found);
    }

    private static List<Path> existing(Path directory, List<String> names) {
        List<Path> found = new ArrayList<>();
        for (String name : names) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                found.add(candidate);
            }
        }
        return found;
    }

    private static InvalidStackException ambiguous(Path directory, String role, List<Path> candidates) {
        return new InvalidStackException(List.of(new Problem(Position.ofFile(directory.toString()), "",
                "more than one " + role + ": " + candidates.stream().map(p -> p.getFileName().toString())
                        .collect(Collectors.joining(", ")) + "; keep one")));
    }
}
