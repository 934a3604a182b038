package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The sandbox's engine and registry ({@code scripts/swarm-sandbox up}): opened for a test, or the test is
 * skipped with a message saying how to start them — except under {@code CI=true}, where a missing sandbox
 * fails the test.
 */
final class SandboxRegistry {

    static final String REGISTRY = "127.0.0.1:5000";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxRegistry() {
    }

    /** The base image every test image is built FROM (never pulled from Docker Hub). */
    static String baseImage() {
        return Optional.ofNullable(System.getenv("SWARM_SANDBOX_BASE_IMAGE")).filter(v -> !v.isBlank())
                .orElse(REGISTRY + "/sandbox/busybox:latest");
    }

    /** A connection to the sandbox engine after checking that the engine, the registry and the base image are there. */
    static EngineConnection openEngine() {
        EngineSettings settings = EngineSettings.fromEnvironment(System.getenv());
        EngineConnection engine = EngineConnection.open(settings);
        try {
            engine.client().pingCmd().exec();
        } catch (RuntimeException e) {
            engine.close();
            unavailable("no Docker engine at " + settings.describeHost() + " (" + e.getMessage() + ")");
        }
        String base = baseImage();
        String repository = base.substring(REGISTRY.length() + 1, base.lastIndexOf(':'));
        String tag = base.substring(base.lastIndexOf(':') + 1);
        int status = manifestStatus(repository, tag);
        if (status != 200) {
            engine.close();
            unavailable("the sandbox registry " + REGISTRY + " does not serve " + base + " (status " + status + ")");
        }
        return engine;
    }

    /** HTTP status of the manifest of {@code repository:tag} in the sandbox registry; 0 when unreachable. */
    static int manifestStatus(String repository, String tag) {
        return manifest(repository, tag, "HEAD").map(HttpResponse::statusCode).orElse(0);
    }

    /** The registry's own digest of {@code repository:tag}, from its Docker-Content-Digest header. */
    static Optional<String> registryDigest(String repository, String tag) {
        return manifest(repository, tag, "HEAD").filter(r -> r.statusCode() == 200)
                .flatMap(r -> r.headers().firstValue("Docker-Content-Digest"));
    }

    /** Removes a manifest this test pushed (the sandbox registry allows deletes). */
    static void deleteManifest(String repository, String digest) {
        send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + repository + "/manifests/" + digest))
                .DELETE().build());
    }

    private static Optional<HttpResponse<Void>> manifest(String repository, String reference, String method) {
        return send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + repository + "/manifests/" + reference))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static Optional<HttpResponse<Void>> send(HttpRequest request) {
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.discarding()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void unavailable(String why) {
        String message = why + ": start the sandbox with `scripts/swarm-sandbox up`";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }
}
