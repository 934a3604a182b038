package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.ImageDistribution;
import io.github.swarmdeploy.core.engine.SwarmApi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks the engine which digest a tag points to in its registry ({@code GET /distribution/{name}/json}, the
 * call behind {@code docker service create}'s digest pinning; docker-java has no command for it). The engine
 * contacts the registry, with the credentials of the {@code X-Registry-Auth} header when given.
 */
public final class DistributionLookup {

    private final SwarmApi engine;

    public DistributionLookup(SwarmApi engine) {
        this.engine = engine;
    }

    /**
     * The manifest digest of {@code image} (its tag, {@code latest} when none) and the platforms the image is
     * built for, or the reason they could not be found: a registry that does not answer, an unknown tag,
     * refused credentials.
     */
    public Result fetchDigest(ImageReference image, Optional<RegistryCredentials> credentials) {
        String tagged = image.withoutDigest().name() + ":" + image.tagOrLatest();
        Optional<String> auth = credentials.isEmpty() ? Optional.empty()
                : Optional.of(RegistryAuthHeader.encode(image.registryAddress(), credentials));
        try {
            ImageDistribution answer = engine.fetchDistribution(tagged, auth);
            if (answer.digest().isEmpty()) {
                return Result.failed("the engine's answer names no digest");
            }
            return new Result(Optional.of(answer.digest()), platforms(answer.platforms()), "");
        } catch (EngineException e) {
            if (e.status() == 0) {
                throw e;
            }
            return Result.failed(withCredentialsHint(e.getMessage(), credentials.isPresent()));
        }
    }

    /**
     * The platforms of exactly this pinned image ({@code name@sha256:…}), whatever its tag points to now; empty when
     * the registry cannot tell.
     */
    public List<Platform> fetchPlatforms(ImageReference pinned, Optional<RegistryCredentials> credentials) {
        Optional<String> auth = credentials.isEmpty() ? Optional.empty()
                : Optional.of(RegistryAuthHeader.encode(pinned.registryAddress(), credentials));
        try {
            return platforms(engine.fetchDistribution(pinned.name() + "@" + pinned.digest(), auth).platforms());
        } catch (EngineException e) {
            if (e.status() == 0) {
                throw e;
            }
            return List.of();
        }
    }

    /**
     * A registry that wants credentials ({@code no basic auth credentials}, {@code unauthorized}) asked without
     * any: the fix is to pass them, which the engine's message does not say.
     */
    static String withCredentialsHint(String problem, boolean credentialsGiven) {
        String lower = problem.toLowerCase(Locale.ROOT);
        boolean wantsCredentials = lower.contains("no basic auth credentials") || lower.contains("unauthorized")
                || lower.contains("authentication required");
        if (credentialsGiven || !wantsCredentials) {
            return problem;
        }
        return problem + "; the registry wants credentials: pass them with " + Option.REGISTRY_AUTH.is(true) + " ("
                + Option.REGISTRY_CREDENTIALS + ", CI_REGISTRY_USER/CI_REGISTRY_PASSWORD or ~/.docker/config.json)";
    }

    /**
     * The platforms as docker's client (28.2) turns them into a service's placement: each entry's OS and
     * architecture in the registry's order, the architecture {@code arm} cleared (nodes report {@code armv7l}:
     * moby/swarmkit#2294).
     */
    static List<Platform> platforms(List<ImageDistribution.Platform> platforms) {
        List<Platform> result = new ArrayList<>();
        for (ImageDistribution.Platform platform : platforms) {
            String architecture = platform.architecture();
            result.add(new Platform(platform.os(), architecture.toLowerCase(Locale.ROOT).equals("arm") ? "" : architecture));
        }
        return List.copyOf(result);
    }

    /** An OS and architecture an image runs on, as Swarm's placement names them ({@code Placement.Platforms}). */
    public record Platform(String os, String architecture) {
    }

    /**
     * A digest, or why there is none.
     *
     * @param digest    {@code sha256:…}, empty when the lookup failed
     * @param platforms what the image runs on, as the registry says (docker restricts placement to them)
     * @param problem   the engine's message when it failed, else empty
     */
    public record Result(Optional<String> digest, List<Platform> platforms, String problem) {

        public Result {
            platforms = List.copyOf(platforms);
        }

        /** A digest without platforms, or a failure. */
        public Result(Optional<String> digest, String problem) {
            this(digest, List.of(), problem);
        }

        static Result failed(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }
}
