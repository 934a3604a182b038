package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registry credentials as the docker CLI has them, in real builds pushing to a registry that wants a password: a
 * credential helper that config.json names for the registry ({@code credHelpers}), run from the PATH, and GitLab's
 * {@code DOCKER_AUTH_CONFIG}. Nothing else holds the credentials (empty home, no CI variables).
 */
class CredentialHelpersIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    @Test
    void aCredentialHelperOnThePathGivesThePasswordForTheRegistryConfigJsonNamesItFor(@TempDir Path tmp) throws Exception {
        try (AuthenticatingRegistry registry = AuthenticatingRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path helper = Files.writeString(bin.resolve("docker-credential-swarmit"), """
                    #!/bin/sh
                    [ "$1" = get ] || exit 3
                    read -r address
                    printf '%%s\\n' "$address" >> '%s'
                    if [ "$address" = '%s' ]; then
                      printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$address"
                    else
                      echo "credentials not found in native keychain"; exit 1
                    fi
                    """.formatted(tmp.resolve("asked"), registry.host(), AuthenticatingRegistry.USER,
                    AuthenticatingRegistry.PASSWORD));
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dockerConfig = Files.createDirectories(tmp.resolve("docker"));
            Files.writeString(dockerConfig.resolve("config.json"),
                    "{\"credHelpers\":{\"" + registry.host() + "\":\"swarmit\"}}");
            String repository = SandboxSwarm.uniqueStack("helper") + "/app";

            MavenBuild.Result result = push(registry, repository, tmp)
                    .environment("DOCKER_CONFIG", dockerConfig.toString())
                    .environment("PATH", bin + ":" + System.getenv("PATH"))
                    .run();

            assertTrue(result.succeeded(), () -> "the push with the helper's credentials failed:\n" + result);
            assertTrue(registry.digest(repository, "helped").isPresent(), "the authenticating registry has the image");
            assertEquals(registry.host() + "\n", Files.readString(tmp.resolve("asked")),
                    "the helper was asked once, with the registry's address");
            assertFalse(AuthenticatingRegistry.revealsThePassword(result.log()), result::toString);
        }
    }

    @Test
    void gitLabsDockerAuthConfigGivesThePassword(@TempDir Path tmp) throws Exception {
        try (AuthenticatingRegistry registry = AuthenticatingRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
            String auth = Base64.getEncoder().encodeToString((AuthenticatingRegistry.USER + ":"
                    + AuthenticatingRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8));
            String repository = SandboxSwarm.uniqueStack("auth-config") + "/app";

            MavenBuild.Result result = push(registry, repository, tmp)
                    .environment("DOCKER_CONFIG", "")
                    .environment("DOCKER_AUTH_CONFIG", "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}")
                    .run();

            assertTrue(result.succeeded(), () -> "the push with DOCKER_AUTH_CONFIG failed:\n" + result);
            assertTrue(registry.digest(repository, "helped").isPresent(), "the authenticating registry has the image");
            assertFalse(AuthenticatingRegistry.revealsThePassword(result.log()) || result.log().contains(auth), result::toString);
        }
    }

    /** swarm:push of the secrets sample's one service to {@code registry}, with no credentials of its own. */
    private static MavenBuild push(AuthenticatingRegistry registry, String repository, Path tmp) throws Exception {
        String prefix = registry.host() + "/" + repository.substring(0, repository.lastIndexOf('/'));
        return MavenBuild.of("secrets").goals("swarm:push")
                .property("swarm.services", "app")
                .property("swarm.imagePrefix", prefix)
                .property("swarm.tag", "helped")
                .environment("HOME", Files.createDirectories(tmp.resolve("home")).toString())
                .environment("CI_REGISTRY_USER", "").environment("CI_REGISTRY_PASSWORD", "")
                .environment("DOCKER_AUTH_CONFIG", "");
    }
}
