package io.github.swarmdeploy.core.compose.model;

/** {@code image:} options of a service volume. */
public record VolumeImageOptions(
        String subpath) {

    public VolumeImageOptions {
        subpath = Defaults.orEmpty(subpath);
    }
}
