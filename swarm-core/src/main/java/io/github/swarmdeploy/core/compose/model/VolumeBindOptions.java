package io.github.swarmdeploy.core.compose.model;

/** {@code bind:} options of a service volume. */
public record VolumeBindOptions(
        String propagation) {

    public VolumeBindOptions {
        propagation = Defaults.orEmpty(propagation);
    }
}
