package io.github.swarmdeploy.core.image;

import java.util.Objects;
import java.util.Optional;

/**
 * The tag every image of one build carries, and where it came from.
 *
 * @param value  the tag, e.g. {@code 20240727_a5fa34c7}
 * @param origin how it was found, for the log: {@code "given explicitly"}, {@code "CI_COMMIT_SHA"},
 *               {@code "git repository /path"}
 * @param commit the commit it was derived from, when one was used
 */
public record ImageTag(String value, String origin, Optional<String> commit) {

    /** The variable compose files use for the tag, e.g. {@code image: registry/app/backend:${SWARM_TAG}}. */
    public static final String VARIABLE = "SWARM_TAG";

    public ImageTag {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(commit, "commit");
    }

    @Override
    public String toString() {
        return value;
    }
}
