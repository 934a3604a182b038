package io.github.swarmdeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/gitlab-local DIR args...}: a pipeline of an example (or a changed copy) run by gitlab-ci-local
 * against the sandbox, with the plugin this reactor built (from the it module's repository, served as GitLab's
 * package registry by the script's API stand-in).
 */
final class GitLabLocal {

    private static final Pattern LAST_LINE = Pattern.compile("gitlab-local: exit (\\d+), workdir (\\S+), notes (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GitLabLocal() {
    }

    /** The repository's root, where {@code scripts/} and {@code examples/} are. */
    static Path repoRoot() {
        return Paths.get(MavenBuild.requiredProperty("it.repoRoot"));
    }

    /** {@code examples/gitlab-ci/<name>}. */
    static Path example(String name) {
        return repoRoot().resolve("examples/gitlab-ci").resolve(name);
    }

    /** Runs the pipeline of {@code dir}; what it printed, its exit status and where it ran. */
    static Run run(Path dir, String... arguments) {
        List<String> command = new ArrayList<>(List.of(repoRoot().resolve("scripts/gitlab-local").toString(), dir.toString()));
        command.addAll(List.of(arguments));
        Map<String, String> environment = Map.of(
                "GITLAB_LOCAL_MAVEN_REPOSITORIES", MavenBuild.requiredProperty("it.localRepository") + ":"
                        + MavenBuild.requiredProperty("it.outerRepository"),
                "GITLAB_LOCAL_WORK", Paths.get(MavenBuild.requiredProperty("it.workDir"), "gitlab-local").toString());
        String output = Command.run(null, environment, 900, command);
        String[] lines = output.strip().split("\n");
        Matcher last = LAST_LINE.matcher(lines[lines.length - 1]);
        if (!last.matches()) {
            throw new AssertionError("scripts/gitlab-local did not end with 'gitlab-local: exit <n>, workdir <dir>, notes"
                    + " <dir>/notes.jsonl':\n" + output);
        }
        Path workdir = Paths.get(last.group(2));
        if (!Paths.get(last.group(3)).equals(workdir.resolve("notes.jsonl"))) {
            throw new AssertionError("the notes are not <workdir>/notes.jsonl: " + lines[lines.length - 1]);
        }
        return new Run(Integer.parseInt(last.group(1)), output, workdir);
    }

    /** One pipeline run: gitlab-ci-local's exit status and output, and the repository it ran in. */
    record Run(int exitCode, String output, Path workdir) {

        /** The merge-request notes the API stand-in received, in order. */
        List<JsonNode> notes() {
            List<JsonNode> notes = new ArrayList<>();
            for (String line : read(workdir.resolve("notes.jsonl")).split("\n")) {
                if (!line.isBlank()) {
                    try {
                        notes.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("notes.jsonl has a line that is not JSON: " + line, e);
                    }
                }
            }
            return notes;
        }

        /** A file the jobs left in the repository, e.g. {@code target/swarm/images.json}. */
        String file(String relative) {
            return read(workdir.resolve(relative));
        }

        /** The secret values the script gave the pipeline (job token, deploy token, GitLab token, SSH key). */
        List<String> secrets() {
            List<String> values = new ArrayList<>();
            Matcher quoted = Pattern.compile("^  [A-Z_]+: \"(.+)\"$", Pattern.MULTILINE)
                    .matcher(read(workdir.resolve(".gitlab-local/home/.gitlab-ci-local/variables.yml")));
            while (quoted.find()) {
                values.add(quoted.group(1));
            }
            return values;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " in " + workdir + "\n" + output;
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command line with extra environment variables; its output, or an AssertionError when it fails. */
    static final class Command {
        private Command() {
        }

        static String run(Path directory, Map<String, String> environment, int timeoutSeconds, List<String> command) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                builder.environment().putAll(environment);
                Path output = Files.createTempFile("gitlab-it", ".log");
                builder.redirectOutput(output.toFile());
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds
                            + "s: " + read(output));
                }
                String text = read(output);
                Files.delete(output);
                if (process.exitValue() != 0 && !command.get(0).endsWith("gitlab-local")) {
                    throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
                }
                return text;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running " + command, e);
            }
        }
    }
}
