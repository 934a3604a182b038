package io.github.swarmdeploy.core.compose.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code x-cluster-spec:} of a top-level volume: a cluster (CSI) volume as docker's types describe it. Read and
 * printed as docker prints it; the conversion does not use it.
 */
public record ClusterVolumeSpec(
        String group,
        Optional<AccessMode> accessMode,
        Optional<TopologyRequirement> accessibilityRequirements,
        Optional<CapacityRange> capacityRange,
        List<Secret> secrets,
        String availability) {

    public ClusterVolumeSpec {
        group = Defaults.orEmpty(group);
        accessMode = Defaults.optional(accessMode);
        accessibilityRequirements = Defaults.optional(accessibilityRequirements);
        capacityRange = Defaults.optional(capacityRange);
        secrets = Defaults.list(secrets);
        availability = Defaults.orEmpty(availability);
    }

    /** {@code access_mode:}. */
    public record AccessMode(String scope, String sharing, Optional<MountVolume> mountVolume, Optional<BlockVolume> blockVolume) {

        public AccessMode {
            scope = Defaults.orEmpty(scope);
            sharing = Defaults.orEmpty(sharing);
            mountVolume = Defaults.optional(mountVolume);
            blockVolume = Defaults.optional(blockVolume);
        }
    }

    /** {@code mount_volume:}. */
    public record MountVolume(String fsType, List<String> mountFlags) {

        public MountVolume {
            fsType = Defaults.orEmpty(fsType);
            mountFlags = Defaults.list(mountFlags);
        }
    }

    /** {@code block_volume:} (no keys). */
    public record BlockVolume() {
    }

    /** {@code accessibility_requirements:}. */
    public record TopologyRequirement(List<Topology> requisite, List<Topology> preferred) {

        public TopologyRequirement {
            requisite = Defaults.list(requisite);
            preferred = Defaults.list(preferred);
        }
    }

    /** One topology: {@code segments:}. */
    public record Topology(java.util.Map<String, String> segments) {

        public Topology {
            segments = Defaults.map(segments);
        }
    }

    /** {@code capacity_range:}, sizes in bytes. */
    public record CapacityRange(
            @ComposeKey(form = ComposeKey.Form.UNIT_BYTES) long requiredBytes,
            @ComposeKey(form = ComposeKey.Form.UNIT_BYTES) long limitBytes) {
    }

    /** One of {@code secrets:}. */
    public record Secret(String key, String secret) {

        public Secret {
            key = Defaults.orEmpty(key);
            secret = Defaults.orEmpty(secret);
        }
    }
}
