package io.github.swarmdeploy.core.image;

import java.util.Objects;

/**
 * A service's image as it now is in the registry.
 *
 * @param service the service it was built for
 * @param image   {@code repository:tag}
 * @param tag     the tag alone
 * @param digest  the manifest digest the registry reported, {@code sha256:…}
 */
public record PushedImage(String service, String image, String tag, String digest) {

    public PushedImage {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
    }
}
