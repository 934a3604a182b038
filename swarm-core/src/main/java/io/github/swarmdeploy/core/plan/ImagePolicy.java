package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;

/** docker's {@code --resolve-image}: when to ask the registry for the digest a service's tag points to. */
public enum ImagePolicy {
    /** Every deploy pins the tag's current digest (docker's default). */
    ALWAYS,
    /** Only when the image in the files differs from the one the service was deployed with. */
    CHANGED,
    /** Never: the image as written. */
    NEVER;

    /** The policy named {@code always}, {@code changed} or {@code never} (any case). */
    public static ImagePolicy parse(String text) {
        return OptionValues.choice(Option.RESOLVE_IMAGE, text, ImagePolicy.class);
    }
}
