package io.github.swarmdeploy.core.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's plain-HTTP registry ({@link SandboxSwarm#registry()}) through its own API: is a manifest there,
 * under which digest, and removing what a test pushed (the sandbox registry allows deletes).
 */
public final class SandboxRegistry {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxRegistry() {
    }

    /**
     * Checks that the registry serves the base image every test image is built from; fails under CI, skips
     * elsewhere, when it does not.
     */
    public static void requireBaseImage() {
        String base = SandboxSwarm.baseImage();
        String repository = repositoryOf(base);
        String tag = base.substring(base.lastIndexOf(':') + 1);
        int status = manifestStatus(repository, tag);
        if (status != 200) {
            throw SandboxSwarm.unavailable("the sandbox registry " + SandboxSwarm.registry() + " does not serve " + base
                    + " (status " + status + ")", null);
        }
    }

    /** The repository of an image in the sandbox registry: {@code <registry>/a/b:tag} gives {@code a/b}. */
    public static String repositoryOf(String image) {
        String prefix = SandboxSwarm.registry() + "/";
        if (!image.startsWith(prefix)) {
            throw new IllegalArgumentException(image + " is not in the sandbox registry " + SandboxSwarm.registry());
        }
        return image.substring(prefix.length(), image.lastIndexOf(':'));
    }

    /** HTTP status of the manifest of {@code repository:reference} in the sandbox registry; 0 when unreachable. */
    public static int manifestStatus(String repository, String reference) {
        return manifest(repository, reference, "HEAD").map(HttpResponse::statusCode).orElse(0);
    }

    /** The registry's own digest of {@code repository:tag}, from its Docker-Content-Digest header. */
    public static Optional<String> registryDigest(String repository, String tag) {
        return manifest(repository, tag, "HEAD").filter(r -> r.statusCode() == 200)
                .flatMap(r -> r.headers().firstValue("Docker-Content-Digest"));
    }

    /** Removes a manifest a test pushed. */
    public static void deleteManifest(String repository, String digest) {
        manifest(repository, digest, "DELETE");
    }

    /**
     * Removes (forced) every local image with a tag that contains {@code namePart}, e.g. the test's unique
     * namespace {@code /it1234abcd-push/} (in whichever registry it was pushed to).
     */
    public static void removeLocalImages(DockerClient docker, String namePart) {
        for (Image image : docker.listImagesCmd().exec()) {
            if (image.getRepoTags() != null && List.of(image.getRepoTags()).stream().anyMatch(tag -> tag.contains(namePart))) {
                try {
                    docker.removeImageCmd(image.getId()).withForce(true).exec();
                } catch (NotFoundException ignored) {
                    // removed meanwhile
                }
            }
        }
    }

    private static Optional<HttpResponse<Void>> manifest(String repository, String reference, String method) {
        return send(HttpRequest.newBuilder(URI.create("http://" + SandboxSwarm.registry() + "/v2/" + repository
                        + "/manifests/" + reference))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.docker.distribution.manifest.list.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** Sends a request to a registry (the sandbox's or a test's own); empty when it cannot be reached. */
    public static Optional<HttpResponse<Void>> send(HttpRequest request) {
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.discarding()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
