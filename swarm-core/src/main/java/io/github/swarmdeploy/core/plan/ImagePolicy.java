package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.Locale;

/** docker's {@code --resolve-image}: when to ask the registry for the digest a service's tag points to. */
public enum ImagePolicy {
    /** Every deploy pins the tag's current digest (docker's default). */
    ALWAYS,
    /** Only when the image in the files differs from the one the service was deployed with. */
    CHANGED,
    /** Never: the image as written. */
    NEVER;

    public static ImagePolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SwarmDeployException("invalid swarm.resolveImage '" + text + "': expected always, changed or never");
        }
    }
}
