package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.InfrastructureException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The git repository that contains a directory, read straight from its files so that no git binary is
 * needed to know the commit: {@code HEAD}, loose refs, {@code packed-refs}, and linked worktrees or
 * submodules whose {@code .git} is a file saying {@code gitdir: <path>}.
 *
 * <p>Only checking for uncommitted changes needs the git binary ({@link #fetchUncommittedChanges(Collection)}),
 * because answering it from files would mean comparing the index with every file in the tree.
 */
public final class GitRepository {

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final String REF_PREFIX = "ref:";
    private static final int MAX_SYMBOLIC_DEPTH = 5;

    private final Path workTree;
    private final Path gitDir;
    private final Path commonDir;

    private GitRepository(Path workTree, Path gitDir, Path commonDir) {
        this.workTree = workTree;
        this.gitDir = gitDir;
        this.commonDir = commonDir;
    }

    /** The repository whose work tree contains {@code directory} (the directory itself or a parent). */
    public static Optional<GitRepository> containing(Path directory) {
        Path current = directory.toAbsolutePath().normalize();
        while (current != null) {
            Path dotGit = current.resolve(".git");
            if (Files.isDirectory(dotGit) && Files.isRegularFile(dotGit.resolve("HEAD"))) {
                return Optional.of(new GitRepository(current, dotGit, commonDirOf(dotGit)));
            }
            if (Files.isRegularFile(dotGit)) {
                Path gitDir = gitDirFromFile(dotGit);
                return Optional.of(new GitRepository(current, gitDir, commonDirOf(gitDir)));
            }
            current = current.getParent();
        }
        return Optional.empty();
    }

    public Path workTree() {
        return workTree;
    }

    /**
     * Where {@code HEAD} points: the commit (empty on a branch without commits yet) and the branch name
     * (empty when detached).
     */
    public Head readHead() {
        String head = readTrimmed(gitDir.resolve("HEAD"))
                .orElseThrow(() -> new InfrastructureException("cannot read " + gitDir.resolve("HEAD")));
        Optional<String> branch = Optional.empty();
        if (head.startsWith(REF_PREFIX)) {
            String ref = head.substring(REF_PREFIX.length()).trim();
            if (ref.startsWith("refs/heads/")) {
                branch = Optional.of(ref.substring("refs/heads/".length()));
            }
        }
        return new Head(resolve(head, 0), branch);
    }

    private Optional<String> resolve(String value, int depth) {
        if (OBJECT_ID.matcher(value).matches()) {
            return Optional.of(value);
        }
        if (!value.startsWith(REF_PREFIX) || depth > MAX_SYMBOLIC_DEPTH) {
            return Optional.empty();
        }
        String ref = value.substring(REF_PREFIX.length()).trim();
        Optional<String> loose = readTrimmed(gitDir.resolve(ref)).or(() -> readTrimmed(commonDir.resolve(ref)));
        if (loose.isPresent()) {
            return resolve(loose.get(), depth + 1);
        }
        return packedRef(ref);
    }

    private Optional<String> packedRef(String ref) {
        Path packed = commonDir.resolve("packed-refs");
        if (!Files.isRegularFile(packed)) {
            return Optional.empty();
        }
        for (String line : readLines(packed)) {
            if (line.startsWith("#") || line.startsWith("^") || line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space > 0 && line.substring(space + 1).trim().equals(ref)) {
                String id = line.substring(0, space);
                return OBJECT_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Paths with uncommitted changes (modified, staged, deleted or untracked and not ignored), as
     * {@code git status --porcelain} lists them; empty when the git binary is not available, since then
     * the answer is unknown rather than "clean".
     *
     * @param notCounted files left out of the answer (e.g. files this tool writes itself, such as the tag file,
     *                   when the build directory is not git-ignored); those outside the work tree do not matter
     */
    public Optional<List<String>> fetchUncommittedChanges(Collection<Path> notCounted) {
        List<String> command = new ArrayList<>(List.of("git", "status", "--porcelain"));
        List<String> excluded = notCounted.stream()
                .map(file -> file.toAbsolutePath().normalize())
                .filter(file -> file.startsWith(workTree) && !file.equals(workTree))
                .map(file -> ":(exclude,literal)" + StreamSupport.stream(workTree.relativize(file).spliterator(), false)
                        .map(Path::toString).collect(Collectors.joining("/")))
                .toList();
        if (!excluded.isEmpty()) {
            // an untracked directory holding only excluded files is then not listed either
            command.addAll(List.of("--", "."));
            command.addAll(excluded);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workTree.toFile())
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
            List<String> changes = new ArrayList<>();
            for (String line : new String(output, StandardCharsets.UTF_8).split("\n")) {
                if (line.length() > 3) {
                    changes.add(line.substring(3));
                }
            }
            return Optional.of(changes);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** What {@code HEAD} names. */
    public record Head(Optional<String> commit, Optional<String> branch) {
    }

    private static Path gitDirFromFile(Path dotGitFile) {
        String content = readTrimmed(dotGitFile).orElse("");
        if (!content.startsWith("gitdir:")) {
            throw new InfrastructureException(dotGitFile + " is a file but does not say 'gitdir: <path>'");
        }
        Path target = Path.of(content.substring("gitdir:".length()).trim());
        return dotGitFile.getParent().resolve(target).normalize();
    }

    /** A linked worktree's git dir names the shared repository in {@code commondir}. */
    private static Path commonDirOf(Path gitDir) {
        return readTrimmed(gitDir.resolve("commondir"))
                .map(common -> gitDir.resolve(common).normalize())
                .orElse(gitDir);
    }

    private static Optional<String> readTrimmed(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
