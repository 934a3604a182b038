package io.github.swarmdeploy.core.compose.model;

/** {@code volume:} options of a service volume. */
public record VolumeVolumeOptions(
        @ComposeKey("nocopy") boolean noCopy,
        String subpath) {

    public VolumeVolumeOptions {
        subpath = Defaults.orEmpty(subpath);
    }
}
