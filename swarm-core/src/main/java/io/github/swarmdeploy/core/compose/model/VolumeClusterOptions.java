package io.github.swarmdeploy.core.compose.model;

/** {@code volumes[].cluster:} of a service's mount (docker's ServiceVolumeCluster, which has no keys yet). */
public record VolumeClusterOptions() {
}
