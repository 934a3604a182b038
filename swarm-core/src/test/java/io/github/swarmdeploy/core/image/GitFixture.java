package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.TestFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real git repository made with the git binary, for tests that read it back. */
final class GitFixture {

    private final Path dir;

    private GitFixture(Path dir) {
        this.dir = dir;
    }

    /** {@code git init -b main} in {@code dir} with a throw-away identity. */
    static GitFixture init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GitFixture fixture = new GitFixture(dir);
        fixture.git("init", "-q", "-b", "main");
        fixture.git("config", "user.email", "test@example.com");
        fixture.git("config", "user.name", "test");
        fixture.git("config", "commit.gpgsign", "false");
        return fixture;
    }

    /** A directory git already manages (e.g. a linked worktree). */
    static GitFixture existing(Path dir) {
        return new GitFixture(dir);
    }

    Path dir() {
        return dir;
    }

    /** Writes a file and commits it; returns the new commit id. */
    String commit(String file, String content) {
        write(file, content);
        git("add", file);
        git("commit", "-q", "-m", "change " + file);
        return git("rev-parse", "HEAD").strip();
    }

    void write(String file, String content) {
        TestFiles.write(dir, file, content);
    }

    String git(String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        return Processes.runIn(dir, command.toArray(String[]::new));
    }
}
