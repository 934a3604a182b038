package io.github.swarmdeploy.core.compose.model;

import java.util.Optional;

/** One of a service's {@code volumes:} in long syntax (short syntax is expanded by the loader). {@code cluster} is present when {@code cluster:} was given (it has no options). */
@ComposeStruct(mergeKey = "target")
public record ServiceVolumeConfig(
        @ComposeKey(oneOf = {"volume", "bind", "tmpfs", "npipe", "cluster", "image"}, what = "volume type") String type,
        String source,
        String target,
        boolean readOnly,
        String consistency,
        Optional<VolumeBindOptions> bind,
        Optional<VolumeVolumeOptions> volume,
        Optional<VolumeImageOptions> image,
        Optional<VolumeTmpfsOptions> tmpfs,
        Optional<VolumeClusterOptions> cluster) {

    public ServiceVolumeConfig {
        type = Defaults.orEmpty(type);
        source = Defaults.orEmpty(source);
        target = Defaults.orEmpty(target);
        consistency = Defaults.orEmpty(consistency);
        bind = Defaults.optional(bind);
        volume = Defaults.optional(volume);
        image = Defaults.optional(image);
        tmpfs = Defaults.optional(tmpfs);
        cluster = Defaults.optional(cluster);
    }
}
