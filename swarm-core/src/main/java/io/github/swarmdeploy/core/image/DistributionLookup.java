package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;

import java.util.Map;
import java.util.Optional;

/**
 * Asks the engine which digest a tag points to in its registry ({@code GET /distribution/{name}/json}, the
 * call behind {@code docker service create}'s digest pinning; docker-java has no command for it). The engine
 * contacts the registry, with the credentials of the {@code X-Registry-Auth} header when given.
 */
public final class DistributionLookup {

    private final EngineConnection engine;

    public DistributionLookup(EngineConnection engine) {
        this.engine = engine;
    }

    /**
     * The manifest digest of {@code image} (its tag, {@code latest} when none), or the reason it could not be
     * found: a registry that does not answer, an unknown tag, refused credentials.
     */
    public Result fetchDigest(ImageReference image, Optional<RegistryCredentials> credentials) {
        String tagged = image.withoutDigest().name() + ":" + image.tagOrLatest();
        Map<String, String> headers = credentials.isEmpty() ? Map.of()
                : Map.of(RegistryAuthHeader.NAME, RegistryAuthHeader.encode(image.registryAddress(), credentials));
        try {
            JsonNode answer = engine.sendJson(DockerHttpClient.Request.Method.GET,
                    "/distribution/" + tagged + "/json", null, headers);
            String digest = answer.path("Descriptor").path("digest").asText("");
            if (digest.isEmpty()) {
                return Result.failed("the engine's answer names no digest");
            }
            return Result.found(digest);
        } catch (EngineException e) {
            if (e.status() == 0) {
                throw e;
            }
            return Result.failed(e.getMessage());
        }
    }

    /**
     * A digest, or why there is none.
     *
     * @param digest  {@code sha256:…}, empty when the lookup failed
     * @param problem the engine's message when it failed, else empty
     */
    public record Result(Optional<String> digest, String problem) {

        static Result found(String digest) {
            return new Result(Optional.of(digest), "");
        }

        static Result failed(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }
}
