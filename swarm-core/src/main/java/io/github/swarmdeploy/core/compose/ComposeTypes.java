package io.github.swarmdeploy.core.compose;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a loaded stack as docker's compose types ({@code cli/compose/types}) give it: for each
 * struct its fields in declaration order (the order {@code docker stack config} prints them in) and
 * what kind of Go value each field is, which decides how two files merge (mergo's rules: a zero value
 * never overrides, pointers and slices and maps each have their own behaviour).
 */
final class ComposeTypes {

    /** The Go kind of a field, as far as printing and merging care. */
    enum Kind {
        /** string, bool, int64, uint64, float32, Duration, UnitBytes: absent when zero; a non-zero value overrides. */
        VALUE,
        /** float32 (printed with float32 precision), otherwise a VALUE. */
        FLOAT32,
        /** *uint64: present when set (even 0), a set value always overrides. */
        POINTER_UINT,
        /** *bool, *Duration, *uint32: present when set; overrides unless the new value is zero. */
        POINTER,
        /** a struct value: fields merged one by one; omitted when all fields are zero. */
        STRUCT,
        /** a pointer to a struct: merged field by field when both are set. */
        POINTER_STRUCT,
        /** a slice: the second file's items are appended. */
        LIST,
        /** command/entrypoint: replaced by a non-empty value. */
        COMMAND,
        /** ports, volumes, secrets, configs of a service: entries keyed by one field, later ones win, sorted. */
        KEYED_LIST,
        /** map[string]string: keys merged, the later value wins. */
        STRING_MAP,
        /** map[string]*string (environment, build args): a key keeps a non-empty value unless overridden by a non-empty one. */
        NULLABLE_STRING_MAP,
        /** map[string]*ServiceNetworkConfig. */
        SERVICE_NETWORKS,
        /** map[string]*UlimitsConfig. */
        ULIMITS,
        /** *LoggingConfig. */
        LOGGING,
        /** map[string]StructType (top-level networks, volumes, secrets, configs): the later entry replaces. */
        OBJECT_MAP,
        /** the services. */
        SERVICES,
        /** external: bool or {name}. */
        EXTERNAL
    }

    record Field(String key, Kind kind, Type type, String listKey) {
    }

    /** A struct: its fields in order, and whether it keeps {@code x-*} extension keys. */
    static final class Type {
        final String name;
        final Map<String, Field> fields = new LinkedHashMap<>();
        boolean extras;

        Type(String name) {
            this.name = name;
        }

        Type value(String... keys) {
            for (String key : keys) {
                fields.put(key, new Field(key, Kind.VALUE, null, null));
            }
            return this;
        }

        Type field(String key, Kind kind) {
            fields.put(key, new Field(key, kind, null, null));
            return this;
        }

        Type field(String key, Kind kind, Type type) {
            fields.put(key, new Field(key, kind, type, null));
            return this;
        }

        Type keyedList(String key, Type itemType, String itemKey) {
            fields.put(key, new Field(key, Kind.KEYED_LIST, itemType, itemKey));
            return this;
        }

        Type withExtras() {
            extras = true;
            return this;
        }

        List<String> keys() {
            return Collections.unmodifiableList(new ArrayList<>(fields.keySet()));
        }

        Field field(String key) {
            return fields.get(key);
        }
    }

    static final Type SERVICE_NETWORK = new Type("ServiceNetworkConfig")
            .field("aliases", Kind.LIST)
            .field("driver_opts", Kind.STRING_MAP)
            .value("ipv4_address", "ipv6_address");

    /** A ulimit given as soft and hard limits (a single number is printed as is). */
    static final Type ULIMIT = new Type("UlimitsConfig").value("soft", "hard");

    static final Type PORT = new Type("ServicePortConfig").value("mode", "target", "published", "protocol");

    static final Type VOLUME_MOUNT = new Type("ServiceVolumeConfig")
            .value("type", "source", "target", "read_only", "consistency")
            .field("bind", Kind.POINTER_STRUCT, new Type("ServiceVolumeBind").value("propagation"))
            .field("volume", Kind.POINTER_STRUCT, new Type("ServiceVolumeVolume").value("nocopy", "subpath"))
            .field("image", Kind.POINTER_STRUCT, new Type("ServiceVolumeImage").value("subpath"))
            .field("tmpfs", Kind.POINTER_STRUCT, new Type("ServiceVolumeTmpfs").value("size"))
            .field("cluster", Kind.POINTER_STRUCT, new Type("ServiceVolumeCluster"));

    static final Type FILE_REFERENCE = new Type("FileReferenceConfig")
            .value("source", "target", "uid", "gid")
            .field("mode", Kind.POINTER);

    static final Type UPDATE_CONFIG = new Type("UpdateConfig")
            .field("parallelism", Kind.POINTER_UINT)
            .value("delay", "failure_action", "monitor")
            .field("max_failure_ratio", Kind.FLOAT32)
            .value("order");

    static final Type GENERIC_RESOURCE = new Type("GenericResource")
            .field("discrete_resource_spec", Kind.POINTER_STRUCT, new Type("DiscreteGenericResource").value("kind", "value"));

    static final Type DEPLOY = new Type("DeployConfig")
            .value("mode")
            .field("replicas", Kind.POINTER_UINT)
            .field("labels", Kind.STRING_MAP)
            .field("update_config", Kind.POINTER_STRUCT, UPDATE_CONFIG)
            .field("rollback_config", Kind.POINTER_STRUCT, UPDATE_CONFIG)
            .field("resources", Kind.STRUCT, new Type("Resources")
                    .field("limits", Kind.POINTER_STRUCT, new Type("ResourceLimit").value("cpus", "memory", "pids"))
                    .field("reservations", Kind.POINTER_STRUCT, new Type("Resource")
                            .value("cpus", "memory")
                            .field("generic_resources", Kind.LIST, GENERIC_RESOURCE)))
            .field("restart_policy", Kind.POINTER_STRUCT, new Type("RestartPolicy")
                    .value("condition")
                    .field("delay", Kind.POINTER)
                    .field("max_attempts", Kind.POINTER_UINT)
                    .field("window", Kind.POINTER))
            .field("placement", Kind.STRUCT, new Type("Placement")
                    .field("constraints", Kind.LIST)
                    .field("preferences", Kind.LIST, new Type("PlacementPreferences").value("spread"))
                    .value("max_replicas_per_node"))
            .value("endpoint_mode");

    static final Type HEALTHCHECK = new Type("HealthCheckConfig")
            .field("test", Kind.LIST)
            .field("timeout", Kind.POINTER)
            .field("interval", Kind.POINTER)
            .field("retries", Kind.POINTER_UINT)
            .field("start_period", Kind.POINTER)
            .field("start_interval", Kind.POINTER)
            .value("disable");

    static final Type BUILD = new Type("BuildConfig")
            .value("context", "dockerfile")
            .field("args", Kind.NULLABLE_STRING_MAP)
            .field("labels", Kind.STRING_MAP)
            .field("cache_from", Kind.LIST)
            .field("extra_hosts", Kind.LIST)
            .value("network", "target");

    static final Type LOGGING = new Type("LoggingConfig").value("driver").field("options", Kind.STRING_MAP);

    static final Type SERVICE = new Type("ServiceConfig")
            .field("build", Kind.STRUCT, BUILD)
            .field("cap_add", Kind.LIST)
            .field("cap_drop", Kind.LIST)
            .value("cgroupns_mode", "cgroup_parent")
            .field("command", Kind.COMMAND)
            .keyedList("configs", FILE_REFERENCE, "source")
            .value("container_name")
            .field("credential_spec", Kind.STRUCT, new Type("CredentialSpecConfig").value("config", "file", "registry"))
            .field("depends_on", Kind.LIST)
            .field("deploy", Kind.STRUCT, DEPLOY)
            .field("devices", Kind.LIST)
            .field("dns", Kind.LIST)
            .field("dns_search", Kind.LIST)
            .value("domainname")
            .field("entrypoint", Kind.COMMAND)
            .field("environment", Kind.NULLABLE_STRING_MAP)
            .field("env_file", Kind.LIST)
            .field("expose", Kind.LIST)
            .field("external_links", Kind.LIST)
            .field("extra_hosts", Kind.LIST)
            .value("hostname")
            .field("healthcheck", Kind.POINTER_STRUCT, HEALTHCHECK)
            .value("image")
            .field("init", Kind.POINTER)
            .value("ipc", "isolation")
            .field("labels", Kind.STRING_MAP)
            .field("links", Kind.LIST)
            .field("logging", Kind.LOGGING, LOGGING)
            .value("mac_address", "network_mode")
            .field("networks", Kind.SERVICE_NETWORKS, SERVICE_NETWORK)
            .value("pid")
            .keyedList("ports", PORT, "published")
            .value("privileged", "read_only", "restart")
            .keyedList("secrets", FILE_REFERENCE, "source")
            .field("security_opt", Kind.LIST)
            .value("shm_size", "stdin_open")
            .field("stop_grace_period", Kind.POINTER)
            .value("stop_signal")
            .field("sysctls", Kind.STRING_MAP)
            .field("tmpfs", Kind.LIST)
            .value("tty")
            .field("ulimits", Kind.ULIMITS)
            .value("user", "oomscoreadj", "userns_mode")
            .keyedList("volumes", VOLUME_MOUNT, "target")
            .value("working_dir")
            .withExtras();

    static final Type EXTERNAL_TYPE = new Type("External").value("name", "external");

    static final Type NETWORK = new Type("NetworkConfig")
            .value("name", "driver")
            .field("driver_opts", Kind.STRING_MAP)
            .field("ipam", Kind.STRUCT, new Type("IPAMConfig")
                    .value("driver")
                    .field("config", Kind.LIST, new Type("IPAMPool").value("subnet")))
            .field("external", Kind.EXTERNAL, EXTERNAL_TYPE)
            .value("internal", "attachable")
            .field("labels", Kind.STRING_MAP)
            .withExtras();

    static final Type TOPOLOGY = new Type("Topology").field("segments", Kind.STRING_MAP);

    static final Type CLUSTER_VOLUME_SPEC = new Type("ClusterVolumeSpec")
            .value("group")
            .field("access_mode", Kind.POINTER_STRUCT, new Type("AccessMode")
                    .value("scope", "sharing")
                    .field("mount_volume", Kind.POINTER_STRUCT, new Type("MountVolume").value("fs_type").field("mount_flags", Kind.LIST))
                    .field("block_volume", Kind.POINTER_STRUCT, new Type("BlockVolume")))
            .field("accessibility_requirements", Kind.POINTER_STRUCT, new Type("TopologyRequirement")
                    .field("requisite", Kind.LIST, TOPOLOGY)
                    .field("preferred", Kind.LIST, TOPOLOGY))
            .field("capacity_range", Kind.POINTER_STRUCT, new Type("CapacityRange").value("required_bytes", "limit_bytes"))
            .field("secrets", Kind.LIST, new Type("VolumeSecret").value("key", "secret"))
            .value("availability");

    static final Type VOLUME = new Type("VolumeConfig")
            .value("name", "driver")
            .field("driver_opts", Kind.STRING_MAP)
            .field("external", Kind.EXTERNAL, EXTERNAL_TYPE)
            .field("labels", Kind.STRING_MAP)
            .field("x-cluster-spec", Kind.POINTER_STRUCT, CLUSTER_VOLUME_SPEC)
            .withExtras();

    /** A secret or config; {@code content} and {@code environment} are our additions (compose specification). */
    static final Type FILE_OBJECT = new Type("FileObjectConfig")
            .value("name", "file", "content", "environment")
            .field("external", Kind.EXTERNAL, EXTERNAL_TYPE)
            .field("labels", Kind.STRING_MAP)
            .value("driver")
            .field("driver_opts", Kind.STRING_MAP)
            .value("template_driver")
            .withExtras();

    static final Type STACK = new Type("Config")
            .value("version")
            .field("services", Kind.SERVICES, SERVICE)
            .field("networks", Kind.OBJECT_MAP, NETWORK)
            .field("volumes", Kind.OBJECT_MAP, VOLUME)
            .field("secrets", Kind.OBJECT_MAP, FILE_OBJECT)
            .field("configs", Kind.OBJECT_MAP, FILE_OBJECT)
            .withExtras();

    private ComposeTypes() {
    }
}
