package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Shape.Kind;
import io.github.swarmdeploy.core.compose.Shape.Mapping;
import io.github.swarmdeploy.core.compose.Shape.Others;
import io.github.swarmdeploy.core.golang.Fmt;
import io.github.swarmdeploy.core.golang.Time;

import java.util.EnumSet;
import java.util.Optional;

import static io.github.swarmdeploy.core.compose.Shape.bool;
import static io.github.swarmdeploy.core.compose.Shape.either;
import static io.github.swarmdeploy.core.compose.Shape.integer;
import static io.github.swarmdeploy.core.compose.Shape.listOf;
import static io.github.swarmdeploy.core.compose.Shape.mapping;
import static io.github.swarmdeploy.core.compose.Shape.number;
import static io.github.swarmdeploy.core.compose.Shape.scalar;
import static io.github.swarmdeploy.core.compose.Shape.string;
import static io.github.swarmdeploy.core.compose.Shape.uniqueListOf;

/**
 * The compose file format 3.0 to 3.13 as {@code docker stack deploy} (CLI 28.2) accepts it: docker's
 * config_schema_v3.x, written once with the version each key appeared in. Keys docker lets through
 * without looking at them (inside service-level config/secret references and {@code external}) are
 * accepted with a warning; our additions for configs and secrets ({@code content}, {@code environment},
 * from the compose specification) are accepted in every version.
 */
final class ComposeSchema {

    static final int LATEST_MINOR = 13;
    static final String NAME_PATTERN = "^[a-zA-Z0-9._-]+$";

    private ComposeSchema() {
    }

    /** The minor version for docker's version string ("3", "3.9", missing = latest), if docker knows it. */
    static Optional<Integer> minorVersion(String version) {
        if (version.isEmpty() || version.equals("3")) {
            return Optional.of(LATEST_MINOR);
        }
        for (int minor = 0; minor <= LATEST_MINOR; minor++) {
            if (version.equals("3." + minor)) {
                return Optional.of(minor);
            }
        }
        return Optional.empty();
    }

    static Shape.Format duration() {
        return value -> value instanceof String s && Time.parseDuration(s).isPresent() ? null
                : "invalid duration " + quote(value) + " (write it like 10s, 1m30s or 500ms)";
    }

    static Shape.Format portSpec() {
        return value -> {
            String spec = value instanceof Double d ? Long.toString((long) Math.floor(d)) : Fmt.sprint(value);
            String error = PortSpec.parse(spec).error();
            return error == null ? null : "invalid port \"" + spec + "\": " + error;
        };
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : Fmt.sprint(value);
    }

    /** {@code list_or_dict}: a mapping of strings, numbers or nulls, or a list of unique strings. */
    private static Shape listOrDict() {
        return either(
                mapping().keys(".+", "key", scalar(Kind.STRING, Kind.NUMBER, Kind.NULL)),
                uniqueListOf(string()));
    }

    private static Shape listOfStrings() {
        return uniqueListOf(string());
    }

    private static Shape stringOrList() {
        return either(string(), listOfStrings());
    }

    private static Shape driverOpts() {
        return mapping().keys("^.+$", "option", scalar(Kind.STRING, Kind.NUMBER));
    }

    private static Shape external() {
        return either(bool(), mapping().key("name", string()));
    }

    /** A schema for the whole file. */
    static Mapping file() {
        return mapping()
                .key("version", string())
                .key("services", mapping().keys(NAME_PATTERN, "service name (letters, digits, '.', '_', '-')", service()))
                // docker checks only networks whose name matches its pattern, but reads every one: we check them all
                .key("networks", mapping().keys(".+", "network name", network()))
                .key("volumes", mapping().keys(NAME_PATTERN, "volume name (letters, digits, '.', '_', '-')", volume()))
                .key("secrets", mapping().keys(NAME_PATTERN, "secret name (letters, digits, '.', '_', '-')", fileObject(true)), 1)
                .key("configs", mapping().keys(NAME_PATTERN, "config name (letters, digits, '.', '_', '-')", fileObject(false)), 3)
                .extensions(4);
    }

    private static Shape service() {
        Shape stringOrCommand = either(string(), listOf(string()));
        Shape reference = either(string(), mapping()
                .key("source", string())
                .key("target", string())
                .key("uid", string())
                .key("gid", string())
                .key("mode", number())
                .others(Others.WARNED));
        Mapping service = mapping()
                .key("deploy", deployment())
                .key("build", either(string(), mapping()
                        .key("context", string())
                        .key("dockerfile", string())
                        .key("args", listOrDict())
                        .key("labels", listOrDict(), 3)
                        .key("cache_from", listOfStrings(), 2)
                        .key("network", string(), 4)
                        .key("target", string(), 4)
                        .key("shm_size", scalar(Kind.INTEGER, Kind.STRING), 5)
                        .key("extra_hosts", listOrDict(), 9)
                        .others(Others.WARNED)))
                .key("cap_add", uniqueListOf(string()))
                .key("cap_drop", uniqueListOf(string()))
                .key("cgroupns_mode", string(), 9)
                .key("cgroup_parent", string())
                .key("command", stringOrCommand)
                .key("configs", listOf(reference), 3)
                .key("container_name", string())
                .key("credential_spec", mapping()
                        .key("config", string(), 8)
                        .key("file", string())
                        .key("registry", string()), 3)
                .key("depends_on", uniqueListOf(string()).explainingOtherKinds("docker stack deploy reads only"
                        + " the short form, a list of services (depends_on: [db]); Compose's long form with condition:"
                        + " is not for Swarm. A deploy waits for the services listed to start (or, in depends_on mode"
                        + " healthy, to be healthy)"))
                .key("devices", uniqueListOf(string()))
                .key("dns", stringOrList())
                .key("dns_search", stringOrList())
                .key("domainname", string())
                .key("entrypoint", stringOrCommand)
                .key("env_file", stringOrList())
                .key("environment", listOrDict())
                .key("expose", uniqueListOf(scalar(Kind.STRING, Kind.NUMBER)))
                .key("external_links", uniqueListOf(string()))
                .key("extra_hosts", listOrDict())
                .key("healthcheck", healthcheck())
                .key("hostname", string())
                .key("image", string())
                .key("init", bool(), 7)
                .key("ipc", string())
                .key("isolation", string(), 5)
                .key("labels", listOrDict())
                .key("links", uniqueListOf(string()))
                .key("logging", mapping()
                        .key("driver", string())
                        .key("options", mapping().keys("^.+$", "option", scalar(Kind.STRING, Kind.NUMBER, Kind.NULL))))
                .key("mac_address", string())
                .key("network_mode", string())
                .key("networks", either(listOfStrings(), mapping().keys(NAME_PATTERN, "network name",
                        mapping().nullable()
                                .key("aliases", listOfStrings())
                                .key("driver_opts", driverOpts(), 13)
                                .key("ipv4_address", string())
                                .key("ipv6_address", string()))))
                .key("pid", scalar(Kind.STRING, Kind.NULL))
                .key("ports", uniqueListOf(either(
                        new Shape.Scalar(EnumSet.of(Kind.NUMBER), portSpec()),
                        new Shape.Scalar(EnumSet.of(Kind.STRING), portSpec()),
                        Shape.since(2, "the long port syntax", mapping()
                                .key("mode", string())
                                .key("target", integer())
                                .key("published", integer())
                                .key("protocol", string())))))
                .key("privileged", bool())
                .key("read_only", bool())
                .key("restart", string())
                .key("security_opt", uniqueListOf(string()))
                .key("shm_size", scalar(Kind.NUMBER, Kind.STRING))
                .key("secrets", listOf(reference), 1)
                .key("sysctls", listOrDict())
                .key("stdin_open", bool())
                .key("stop_grace_period", string().format(duration()))
                .key("stop_signal", string())
                .key("tmpfs", stringOrList())
                .key("tty", bool())
                .key("ulimits", mapping().keys(".+", "ulimit name", either(integer(), mapping()
                        .key("hard", integer())
                        .key("soft", integer())
                        .required("soft", "hard"))))
                .key("oom_score_adj", integer(), 13)
                .key("user", string())
                .key("userns_mode", string())
                .key("volumes", listOf(either(string(), Shape.since(2, "the long volume syntax", mapping()
                        .required("type")
                        .key("type", string())
                        .key("source", string())
                        .key("target", string())
                        .key("read_only", bool())
                        .key("consistency", string())
                        .key("bind", mapping().key("propagation", string()).others(Others.WARNED))
                        .key("volume", mapping().key("nocopy", bool()).others(Others.WARNED))
                        .key("tmpfs", mapping().key("size", integer().format(v -> v instanceof Number n && n.doubleValue() < 0
                                ? "must be 0 or more" : null)).others(Others.WARNED), 6)))))
                .key("working_dir", string())
                .extensions(7);
        // keys docker refuses before looking at the schema; StackLoader reports them with docker's advice
        StackLoader.FORBIDDEN.keySet().forEach(key -> service.key(key, Shape.anything()));
        return service;
    }

    private static Shape healthcheck() {
        return mapping()
                .key("disable", bool())
                .key("interval", string().format(duration()))
                .key("retries", number())
                .key("test", either(string(), listOf(string())))
                .key("timeout", string().format(duration()))
                .key("start_period", string().format(duration()), 4)
                .key("start_interval", string().format(duration()), 12);
    }

    private static Shape updateConfig() {
        return mapping()
                .key("parallelism", integer())
                .key("delay", string().format(duration()))
                .key("failure_action", string())
                .key("monitor", string().format(duration()))
                .key("max_failure_ratio", number())
                .key("order", string().oneOf("start-first", "stop-first"), 4);
    }

    private static Shape deployment() {
        return mapping().nullable()
                .key("mode", string())
                .key("endpoint_mode", string(), 2)
                .key("replicas", integer())
                .key("labels", listOrDict())
                .key("rollback_config", updateConfig(), 7)
                .key("update_config", updateConfig())
                .key("resources", mapping()
                        .key("limits", mapping()
                                .key("cpus", string())
                                .key("memory", string())
                                .key("pids", integer(), 9))
                        .key("reservations", mapping()
                                .key("cpus", string())
                                .key("memory", string())
                                .key("generic_resources", listOf(mapping()
                                        .key("discrete_resource_spec", mapping()
                                                .key("kind", string())
                                                .key("value", number()))), 5)))
                .key("restart_policy", mapping()
                        .key("condition", string())
                        .key("delay", string().format(duration()))
                        .key("max_attempts", integer())
                        .key("window", string().format(duration())))
                .key("placement", mapping()
                        .key("constraints", listOf(string()))
                        .key("preferences", listOf(mapping().key("spread", string())), 3)
                        .key("max_replicas_per_node", integer(), 8));
    }

    private static Shape network() {
        return mapping().nullable()
                .key("name", string(), 5)
                .key("driver", string())
                .key("driver_opts", driverOpts())
                .key("ipam", mapping()
                        .key("driver", string())
                        .key("config", listOf(mapping().key("subnet", string()))))
                .key("external", external())
                .key("internal", bool())
                .key("attachable", bool(), 2)
                .key("labels", listOrDict())
                .extensions(7);
    }

    private static Shape volume() {
        Shape segments = listOf(mapping().key("segments", listOrDict()).others(Others.WARNED));
        return mapping().nullable()
                .key("name", string(), 4)
                .key("driver", string())
                .key("driver_opts", driverOpts())
                .key("external", external())
                .key("labels", listOrDict())
                .key("x-cluster-spec", mapping()
                        .key("group", string())
                        .key("access_mode", mapping()
                                .key("scope", string())
                                .key("sharing", string())
                                .key("block_volume", mapping().others(Others.WARNED))
                                .key("mount_volume", mapping()
                                        .key("fs_type", string())
                                        .key("mount_flags", listOf(string()))
                                        .others(Others.WARNED))
                                .others(Others.WARNED))
                        .key("accessibility_requirements", mapping()
                                .key("requisite", segments)
                                .key("preferred", segments)
                                .others(Others.WARNED))
                        .key("capacity_range", mapping()
                                .key("required_bytes", string())
                                .key("limit_bytes", string())
                                .others(Others.WARNED))
                        .key("secrets", listOf(mapping().key("key", string()).key("secret", string()).others(Others.WARNED)))
                        .key("availability", string())
                        .others(Others.WARNED), 10)
                .extensions(7);
    }

    /** A top-level secret ({@code isSecret}) or config. */
    private static Shape fileObject(boolean isSecret) {
        Mapping object = mapping()
                .key("name", string(), 5)
                .key("file", string())
                .key("content", string())
                .key("environment", string())
                .key("external", either(bool(), mapping().key("name", string()).others(Others.WARNED)))
                .key("labels", listOrDict())
                .key("template_driver", string(), 8)
                .extensions(7);
        if (isSecret) {
            object.key("driver", string(), 8).key("driver_opts", driverOpts(), 8);
        }
        return object;
    }
}
