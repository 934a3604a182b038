package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.sandbox.SandboxRegistry;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A second registry ({@code docker-registry}, as the sandbox runs it) on a free loopback port that
 * accepts only user {@value #USER} with password {@value #PASSWORD} (htpasswd, bcrypt). The engine
 * treats 127.0.0.0/8 as an insecure registry, so plain HTTP with basic auth works.
 */
final class AuthenticatingRegistry implements AutoCloseable {
    static final String USER = "pusher";
    static final String PASSWORD = "s3cret-pw";
    /** bcrypt of {@value #PASSWORD} */
    static final String HTPASSWD = USER + ":$2b$05$Q6I7wVR591uNqH8oJeGKruSZZG47BB3nAdRG.KImD6e6tEdqscUsS";
    /** {@code mvn --encrypt-master-password it-master-pw} */
    static final String ENCRYPTED_MASTER = "{j6aC2lbC0GIH0FwnLbC6SoQJu0MN3xgbDOemNMu/rYQ=}";
    /** {@code mvn --encrypt-password s3cret-pw} under that master password */
    static final String ENCRYPTED_PASSWORD = "{VSjEnjDbp7oHhGQuOgjcfp1OlDkV2CKVjsk3Ay44N98=}";

    private final Process process;
    private final int port;

    private AuthenticatingRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static AuthenticatingRegistry start(Path dir) throws Exception {
        Path binary = Path.of("/usr/bin/docker-registry");
        if (!Files.isExecutable(binary)) {
            throw SandboxSwarm.unavailable("docker-registry is not installed (scripts/swarm-sandbox up installs it)", null);
        }
        int port = SandboxSwarm.freePort();
        Files.writeString(dir.resolve("htpasswd"), HTPASSWD + "\n");
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: swarm-deploy-it
                    path: %s
                """.formatted(dir.resolve("data"), port, dir.resolve("htpasswd")));
        Process process = new ProcessBuilder(binary.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        AuthenticatingRegistry registry = new AuthenticatingRegistry(process, port);
        try {
            SandboxSwarm.await("the authenticating registry on port " + port + " to answer 401", Duration.ofSeconds(30),
                    () -> SandboxRegistry.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/")).build())
                            .map(HttpResponse::statusCode).orElse(0),
                    status -> status == 401);
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /**
     * {@code build} with this registry's credentials in a settings.xml {@code <server>} whose id is the registry
     * host, the password encrypted under a master password kept in {@code dir}/settings-security.xml.
     */
    MavenBuild withSettingsServer(MavenBuild build, Path dir) throws java.io.IOException {
        Path securitySettings = dir.resolve("settings-security.xml");
        Files.writeString(securitySettings, "<settingsSecurity><master>" + ENCRYPTED_MASTER + "</master></settingsSecurity>\n");
        return build.server(host(), "<username>" + USER + "</username><password>" + ENCRYPTED_PASSWORD + "</password>")
                .property("settings.security", securitySettings.toString());
    }

    /**
     * {@code build} with no other source of registry credentials than its settings.xml: an empty home (no
     * ~/.docker/config.json), no DOCKER_CONFIG, no CI_REGISTRY_USER/PASSWORD.
     */
    static MavenBuild withoutOtherCredentials(MavenBuild build, Path dir) {
        return build.environment("HOME", dir.resolve("empty-home").toString())
                .environment("DOCKER_CONFIG", "")
                .environment("CI_REGISTRY_USER", "").environment("CI_REGISTRY_PASSWORD", "");
    }

    /** Whether {@code text} (a build log, a report) holds the password, plain or encrypted. */
    static boolean revealsThePassword(String text) {
        return text.contains(PASSWORD) || text.contains(ENCRYPTED_PASSWORD);
    }

    Optional<String> digest(String repository, String tag) {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return SandboxRegistry.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + tag))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .header("Authorization", "Basic " + basic)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build())
                .filter(response -> response.statusCode() == 200)
                .flatMap(response -> response.headers().firstValue("Docker-Content-Digest"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
