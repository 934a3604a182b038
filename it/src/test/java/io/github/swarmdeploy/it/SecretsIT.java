package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.sandbox.FakeGitLab;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing secret in {@code -X}, where Maven prints every parameter's value: every goal runs at debug level with every
 * secret it takes, each of them used (the passphrase of an encrypted SSH key, the password of a registry that wants
 * one, a GitLab token, and the content of a stack secret the compose file takes from the environment), and none of the values is in the build's output or in a file the run wrote, plain, URL- or
 * base64-encoded (as the Engine API's X-Registry-Auth header carries a password).
 */
class SecretsIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    @Test
    void everyGoalAtDebugLevelWithSecretsGivenAsPropertiesUsesThemAndShowsNone(@TempDir Path tmp) throws Exception {
        SandboxSwarm.Ssh ssh = SandboxSwarm.requireSsh();
        String passphrase = Files.readString(ssh.passphraseFile()).trim();
        String token = "glpat-" + UUID.randomUUID();
        String stackSecret = "db-" + UUID.randomUUID();
        try (AuthenticatingRegistry registry = AuthenticatingRegistry.start(Files.createDirectories(tmp.resolve("registry")));
             FakeGitLab gitlab = FakeGitLab.start()) {
            String stack = sandbox.newStack("secrets");
            String repository = SandboxSwarm.uniqueStack("secrets") + "/app";
            MavenBuild build = everyGoal(ssh, registry, gitlab, stack, repository, tmp)
                    .goals("swarm:tag", "swarm:config", "swarm:push", "swarm:deploy", "swarm:prune")
                    .property("swarm.ssh.passphrase", passphrase)
                    .property("swarm.registry.password", AuthenticatingRegistry.PASSWORD)
                    .property("swarm.gitlab.token", token)
                    .environment("DB_PASSWORD", stackSecret);

            Run run = Run.of(build, tmp.resolve("home"));

            assertTrue(run.result().succeeded(), () -> "the goals failed:\n" + run.result());
            String tag = Files.readString(build.projectDir().resolve("target/swarm/tag"));
            assertTrue(registry.digest(repository, tag).isPresent(), "swarm:push pushed with the registry password");
            assertTrue(run.result().log().contains(stack + "_app: converged"), "swarm:deploy worked over SSH with the "
                    + "passphrase");
            assertTrue(run.result().log().contains("[INFO] BUILD SUCCESS"), "swarm:prune too");
            assertEquals(List.of(token, token), gitlab.received().stream().map(FakeGitLab.Received::token).toList(),
                    "swarm:push and swarm:deploy each posted a note with the token");
            assertEquals(1, sandbox.docker().inspectServiceCmd(stack + "_app").exec().getSpec().getTaskTemplate()
                    .getContainerSpec().getSecrets().size(), "the stack secret reached the swarm");
            run.assertShowsNoneOf(List.of(passphrase, AuthenticatingRegistry.PASSWORD, token, stackSecret));
        }
    }

    @Test
    void secretsFromAFileAndFromVariablesAreUsedAndShownNowhere(@TempDir Path tmp) throws Exception {
        SandboxSwarm.Ssh ssh = SandboxSwarm.requireSsh();
        String passphrase = Files.readString(ssh.passphraseFile()).trim();
        String token = "glpat-" + UUID.randomUUID();
        Path passwordFile = Files.writeString(Files.createDirectories(tmp.resolve("inputs")).resolve("registry-password"),
                AuthenticatingRegistry.PASSWORD + "\n");
        try (AuthenticatingRegistry registry = AuthenticatingRegistry.start(Files.createDirectories(tmp.resolve("registry")));
             FakeGitLab gitlab = FakeGitLab.start()) {
            String stack = SandboxSwarm.uniqueStack("secrets");
            String repository = SandboxSwarm.uniqueStack("secrets") + "/app";
            MavenBuild build = everyGoal(ssh, registry, gitlab, stack, repository, tmp)
                    .goals("swarm:push", "swarm:prune")
                    .property("swarm.tag", "from-files")
                    .environment("SSH_PASSPHRASE", passphrase)
                    .property("swarm.registry.passwordFile", passwordFile.toString())
                    .property("swarm.gitlab.tokenEnv", "NOTES_TOKEN")
                    .environment("NOTES_TOKEN", token);

            Run run = Run.of(build, tmp.resolve("home"));

            assertTrue(run.result().succeeded(), () -> "the goals failed:\n" + run.result());
            assertTrue(registry.digest(repository, "from-files").isPresent(), "pushed with the password of the file");
            assertEquals(List.of(token), gitlab.received().stream().map(FakeGitLab.Received::token).toList(),
                    "the note went with the token of the variable swarm.gitlab.tokenEnv names");
            run.assertShowsNoneOf(List.of(passphrase, AuthenticatingRegistry.PASSWORD, token));
        }
    }

    @Test
    void aPomThatStillGivesASecretAsAParameterFailsNamingWhatToUse() throws Exception {
        MavenBuild build = MavenBuild.of("secrets").goals("swarm:config").property("swarm.composeFiles", "compose.yaml");
        Path pom = build.projectDir().resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("</version>\n      </plugin>",
                "</version>\n        <configuration><gitlabToken>${env.NOTES_TOKEN}</gitlabToken></configuration>\n      </plugin>"));

        MavenBuild.Result result = build.environment("NOTES_TOKEN", "glpat-in-the-pom").run();

        assertFalse(result.succeeded(), result::toString);
        assertTrue(result.log().contains("<gitlabToken> in the configuration of io.github.swarmdeploy:swarm-maven-plugin in "
                + pom + " is not read: a secret is never a parameter"), result::toString);
        assertFalse(result.log().contains("glpat-in-the-pom"), result::toString);
    }

    /** The secrets sample over SSH with the encrypted key, pushing to {@code registry}, notes to {@code gitlab}. */
    private static MavenBuild everyGoal(SandboxSwarm.Ssh ssh, AuthenticatingRegistry registry, FakeGitLab gitlab,
                                        String stack, String repository, Path tmp) throws IOException {
        String prefix = registry.host() + "/" + repository.substring(0, repository.lastIndexOf('/'));
        MavenBuild build = MavenBuild.of("secrets").debug()
                .property("swarm.stack", stack)
                .property("swarm.composeFiles", "compose.yaml")
                .property("swarm.host", "ssh://" + ssh.user() + "@" + ssh.host() + ":" + ssh.port())
                .property("swarm.ssh.keyFile", ssh.encryptedKey().toString())
                .property("swarm.ssh.knownHosts", ssh.knownHosts().toString())
                .property("swarm.services", "app")
                .property("swarm.imagePrefix", prefix)
                .property("swarm.registry.username", AuthenticatingRegistry.USER)
                .property("swarm.withRegistryAuth", "true")
                .property("swarm.prune.keep", "0")
                .environment("APP_IMAGE", prefix + "/app")
                .environment("CI_COMMIT_SHA", "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2")
                .environment("HOME", Files.createDirectories(tmp.resolve("home")).toString())
                .environment("DOCKER_CONFIG", "")
                .environment("CI_REGISTRY_USER", "").environment("CI_REGISTRY_PASSWORD", "")
                .environment("GITLAB_TOKEN", "").environment("MY_GITLAB_TOKEN", "");
        gitlab.mergeRequestPipeline("unused").forEach((name, value) -> {
            if (!name.equals("GITLAB_TOKEN")) {
                build.environment(name, value);
            }
        });
        return build;
    }

    /** One build, and what it wrote: files in its project directory, its home and its local repository. */
    private record Run(MavenBuild.Result result, List<Path> writtenFiles) {

        static Run of(MavenBuild build, Path home) {
            List<Path> roots = List.of(build.projectDir(), home, Path.of(MavenBuild.requiredProperty("it.localRepository")));
            Map<Path, FileTime> before = new HashMap<>();
            roots.forEach(root -> files(root).forEach(file -> before.put(file, modified(file))));
            MavenBuild.Result result = build.run();
            List<Path> written = new ArrayList<>();
            roots.forEach(root -> files(root).stream()
                    .filter(file -> !modified(file).equals(before.get(file)))
                    .forEach(written::add));
            return new Run(result, written);
        }

        void assertShowsNoneOf(List<String> secrets) {
            assertTrue(writtenFiles.stream().anyMatch(file -> file.endsWith("target/swarm/deploy-report.json")
                    || file.endsWith("target/swarm/images.json")), () -> "the run wrote its reports: " + writtenFiles);
            List<String> found = new ArrayList<>();
            for (String secret : secrets) {
                for (String form : forms(secret)) {
                    if (result.log().contains(form)) {
                        found.add("the output holds a secret as '" + form + "' at: " + lineWith(result.log(), form));
                    }
                    for (Path file : writtenFiles) {
                        if (read(file).contains(form)) {
                            found.add(file + " holds a secret as '" + form + "'");
                        }
                    }
                }
            }
            assertEquals(List.of(), found);
        }

        private static String lineWith(String text, String form) {
            return text.lines().filter(line -> line.contains(form)).findFirst().orElse("");
        }

        private static List<Path> files(Path root) {
            if (!Files.isDirectory(root)) {
                return List.of();
            }
            try (Stream<Path> paths = Files.walk(root)) {
                return paths.filter(Files::isRegularFile).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static FileTime modified(Path file) {
            try {
                return Files.getLastModifiedTime(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String read(Path file) {
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * How a secret may show: as it is, URL-encoded, and inside base64 (standard or URL-safe) of a longer text at any of
     * the three alignments, as the characters that only its own bytes determine.
     */
    static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>(List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8)));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            int first = (8 * offset + 5) / 6;
            int end = 8 * (offset + bytes.length) / 6;
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                forms.add(encoder.encodeToString(shifted).substring(first, end));
            }
        }
        return forms;
    }
}
