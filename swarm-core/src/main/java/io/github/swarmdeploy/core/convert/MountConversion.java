package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.golang.Json;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.ImageOptions;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.TmpfsOptions;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.ServiceVolumeConfig;
import io.github.swarmdeploy.core.compose.model.VolumeConfig;
import io.github.swarmdeploy.core.convert.swarm.SwarmMount;
import io.github.swarmdeploy.core.convert.swarm.SwarmVolumeOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * A service's {@code volumes:} as Swarm mounts (docker's {@code convert/volume.go}): named volumes get the
 * stack's name and labels and their driver, external ones keep their name, each type refuses the options
 * of the others.
 */
final class MountConversion {

    private MountConversion() {
    }

    static List<Mount> mounts(ConversionContext context, ServiceConfig service) {
        List<Mount> mounts = new ArrayList<>();
        for (int index = 0; index < service.volumes().size(); index++) {
            mounts.add(mount(context, "services." + service.name() + ".volumes." + index, service.volumes().get(index)));
        }
        return mounts;
    }

    private static Mount mount(ConversionContext context, String path, ServiceVolumeConfig volume) {
        return switch (volume.type()) {
            case "volume", "" -> volumeMount(context, path, volume);
            case "image" -> imageMount(context, path, volume);
            case "bind" -> bindMount(context, path, volume, "bind");
            case "tmpfs" -> tmpfsMount(context, path, volume);
            case "npipe" -> bindMount(context, path, volume, "npipe");
            case "cluster" -> clusterMount(context, path, volume);
            default -> throw context.problem(path + ".type", "volume type must be volume, bind, tmpfs, npipe, or cluster");
        };
    }

    /** Type, target, read-only, source and consistency, as written. */
    private static SwarmMount base(ServiceVolumeConfig volume, String type) {
        SwarmMount mount = new SwarmMount().withTypeName(Json.orNull(type)).withConsistency(Json.orNull(volume.consistency()));
        mount.withTarget(Json.orNull(volume.target())).withReadOnly(Json.orNull(volume.readOnly()))
                .withSource(Json.orNull(volume.source()));
        return mount;
    }

    /** docker's "&lt;option&gt; options are incompatible with type &lt;type&gt;" for every option that is set. */
    private static void refuseOptions(ConversionContext context, String path, ServiceVolumeConfig volume, String type,
                                      List<String> refused) {
        for (String option : refused) {
            boolean set = switch (option) {
                case "volume" -> volume.volume().isPresent();
                case "image" -> volume.image().isPresent();
                case "bind" -> volume.bind().isPresent();
                case "tmpfs" -> volume.tmpfs().isPresent();
                case "cluster" -> volume.cluster().isPresent();
                default -> throw new IllegalArgumentException(option);
            };
            if (set) {
                throw context.problem(path + "." + option, option + " options are incompatible with type " + type);
            }
        }
    }

    private static Mount volumeMount(ConversionContext context, String path, ServiceVolumeConfig volume) {
        refuseOptions(context, path, volume, "volume", List.of("image", "tmpfs", "bind", "cluster"));
        SwarmMount mount = base(volume, volume.type());
        if (volume.source().isEmpty()) {
            return mount; // anonymous volume
        }
        VolumeConfig stackVolume = stackVolume(context, path, volume.source());
        SwarmVolumeOptions options = new SwarmVolumeOptions();
        volume.volume().ifPresent(settings -> {
            options.withSubpath(Json.orNull(settings.subpath()));
            options.withNoCopy(Json.orNull(settings.noCopy()));
        });
        mount.withSource(volumeName(context, volume.source(), stackVolume)).withVolumeOptions(options);
        if (stackVolume.external().external()) {
            return mount;
        }
        options.withLabels(context.namespace().withStackLabel(stackVolume.labels()));
        if (!stackVolume.driver().isEmpty() || !stackVolume.driverOpts().isEmpty()) {
            options.withDriverConfig(new Driver().withName(Json.orNull(stackVolume.driver()))
                    .withOptions(Json.orNull(stackVolume.driverOpts())));
        }
        return mount;
    }

    private static Mount imageMount(ConversionContext context, String path, ServiceVolumeConfig volume) {
        requireSource(context, path, volume, "image");
        refuseOptions(context, path, volume, "image", List.of("volume", "bind", "tmpfs", "cluster"));
        SwarmMount mount = base(volume, "image");
        volume.image().ifPresent(image -> mount.withImageOptions(new ImageOptions()
                .withSubpath(Json.orNull(image.subpath()))));
        return mount;
    }

    private static Mount bindMount(ConversionContext context, String path, ServiceVolumeConfig volume, String type) {
        requireSource(context, path, volume, type);
        refuseOptions(context, path, volume, type,
                type.equals("bind") ? List.of("volume", "image", "tmpfs", "cluster") : List.of("volume", "image", "tmpfs"));
        SwarmMount mount = base(volume, type);
        if (volume.bind().isPresent()) {
            String propagation = volume.bind().get().propagation();
            mount.withBindOptions(new BindOptions().withPropagation(propagation.isEmpty() ? null
                    : DeployConversion.constant(context, path + ".bind.propagation", BindPropagation.class, propagation)));
        }
        return mount;
    }

    private static Mount tmpfsMount(ConversionContext context, String path, ServiceVolumeConfig volume) {
        if (!volume.source().isEmpty()) {
            throw context.problem(path + ".source", "invalid tmpfs source, source must be empty");
        }
        refuseOptions(context, path, volume, "tmpfs", List.of("bind", "volume", "image", "cluster"));
        SwarmMount mount = base(volume, "tmpfs");
        volume.tmpfs().ifPresent(tmpfs -> mount.withTmpfsOptions(new TmpfsOptions()
                .withSizeBytes(Json.orNull(tmpfs.size()))));
        return mount;
    }

    /**
     * A cluster (CSI) volume: a {@code group:} source is passed on as written, any other names a volume of
     * the stack (scoped unless it has a {@code name:}).
     */
    private static Mount clusterMount(ConversionContext context, String path, ServiceVolumeConfig volume) {
        requireSource(context, path, volume, "cluster");
        refuseOptions(context, path, volume, "cluster", List.of("tmpfs", "bind", "volume"));
        SwarmMount mount = base(volume, "cluster").withEmptyClusterOptions();
        if (!volume.source().startsWith("group:")) {
            VolumeConfig stackVolume = stackVolume(context, path, volume.source());
            mount.withSource(volumeName(context, volume.source(), stackVolume));
        }
        return mount;
    }

    private static void requireSource(ConversionContext context, String path, ServiceVolumeConfig volume, String type) {
        if (volume.source().isEmpty()) {
            throw context.problem(path + ".source", "invalid " + type + " source, source cannot be empty");
        }
    }

    private static VolumeConfig stackVolume(ConversionContext context, String path, String key) {
        VolumeConfig stackVolume = context.definition().volumes().get(key);
        if (stackVolume == null) {
            throw context.problem(path + ".source", "undefined volume \"" + key + "\"");
        }
        return stackVolume;
    }

    /** External name, explicit {@code name:}, or {@code <stack>_<key>}. */
    private static String volumeName(ConversionContext context, String key, VolumeConfig stackVolume) {
        if (stackVolume.external().external()) {
            return ConversionContext.externalName(key, stackVolume.name(), stackVolume.external());
        }
        return stackVolume.name().isEmpty() ? context.namespace().scope(key) : stackVolume.name();
    }
}
