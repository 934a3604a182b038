package io.github.swarmdeploy.core.compose.model;

/** {@code tmpfs:} options of a service volume; size in bytes. */
public record VolumeTmpfsOptions(
        long size) {
}
