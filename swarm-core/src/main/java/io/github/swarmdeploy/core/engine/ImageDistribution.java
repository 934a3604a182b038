package io.github.swarmdeploy.core.engine;

import java.util.List;

/**
 * What {@code GET /distribution/{name}/json} says of an image in its registry.
 *
 * @param digest    the manifest's digest ({@code sha256:…}), "" when the answer names none
 * @param platforms each entry of {@code Platforms} as the registry lists it
 */
public record ImageDistribution(String digest, List<Platform> platforms) {

    public ImageDistribution {
        platforms = List.copyOf(platforms);
    }

    /** One platform an image is built for, as the registry writes it ({@code os}, {@code architecture}). */
    public record Platform(String os, String architecture) {
    }
}
