package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.golang.Time;
import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.BuildConfig;
import io.github.swarmdeploy.core.compose.model.CredentialSpecConfig;
import io.github.swarmdeploy.core.compose.model.DeployConfig;
import io.github.swarmdeploy.core.compose.model.DiscreteGenericResource;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.FileReference;
import io.github.swarmdeploy.core.compose.model.GenericResource;
import io.github.swarmdeploy.core.compose.model.HealthCheckConfig;
import io.github.swarmdeploy.core.compose.model.IpamConfig;
import io.github.swarmdeploy.core.compose.model.IpamPool;
import io.github.swarmdeploy.core.compose.model.LoggingConfig;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import io.github.swarmdeploy.core.compose.model.Placement;
import io.github.swarmdeploy.core.compose.model.PlacementPreference;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.compose.model.Resource;
import io.github.swarmdeploy.core.compose.model.ResourceLimit;
import io.github.swarmdeploy.core.compose.model.Resources;
import io.github.swarmdeploy.core.compose.model.RestartPolicy;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.ServiceNetworkConfig;
import io.github.swarmdeploy.core.compose.model.ServicePortConfig;
import io.github.swarmdeploy.core.compose.model.ServiceVolumeConfig;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.compose.model.UlimitsConfig;
import io.github.swarmdeploy.core.compose.model.UpdateConfig;
import io.github.swarmdeploy.core.compose.model.VolumeBindOptions;
import io.github.swarmdeploy.core.compose.model.VolumeConfig;
import io.github.swarmdeploy.core.compose.model.VolumeImageOptions;
import io.github.swarmdeploy.core.compose.model.VolumeTmpfsOptions;
import io.github.swarmdeploy.core.compose.model.VolumeVolumeOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns the merged, checked stack (docker's typed form) into the immutable {@link StackDefinition} records. */
final class StackDecoder {

    private final LoadedStack loaded;

    private StackDecoder(LoadedStack loaded) {
        this.loaded = loaded;
    }

    static StackDefinition decode(LoadedStack loaded, List<Path> files, Path workingDir) {
        return new StackDecoder(loaded).stack(loaded.tree(), files, workingDir);
    }

    private StackDefinition stack(MapNode stack, List<Path> files, Path workingDir) {
        Map<String, ServiceConfig> services = new TreeMap<>();
        section(stack, "services").entries().forEach((key, entry) -> services.put(key, service(key, map(entry.value()))));
        Map<String, NetworkConfig> networks = new LinkedHashMap<>();
        section(stack, "networks").entries().forEach((key, entry) -> networks.put(key, network(key, map(entry.value()))));
        Map<String, VolumeConfig> volumes = new LinkedHashMap<>();
        section(stack, "volumes").entries().forEach((key, entry) -> volumes.put(key, volume(key, map(entry.value()))));
        Map<String, FileObjectConfig> secrets = new LinkedHashMap<>();
        section(stack, "secrets").entries().forEach((key, entry) -> secrets.put(key, fileObject("secrets", key, map(entry.value()))));
        Map<String, FileObjectConfig> configs = new LinkedHashMap<>();
        section(stack, "configs").entries().forEach((key, entry) -> configs.put(key, fileObject("configs", key, map(entry.value()))));
        Map<String, Position> positions = new LinkedHashMap<>();
        positions(stack, "", positions);
        return new StackDefinition(string(stack, "version"), files, workingDir, services, networks, volumes, secrets, configs, positions);
    }

    // ------------------------------------------------------------------------------------------ service

    private ServiceConfig service(String name, MapNode s) {
        return ServiceConfig.builder(name)
                .build(s.has("build") ? build(map(s.get("build"))) : null)
                .capAdd(strings(s, "cap_add"))
                .capDrop(strings(s, "cap_drop"))
                .cgroupnsMode(string(s, "cgroupns_mode"))
                .cgroupParent(string(s, "cgroup_parent"))
                .command(strings(s, "command"))
                .configs(list(s, "configs", this::fileReference))
                .containerName(string(s, "container_name"))
                .credentialSpec(s.has("credential_spec") ? credentialSpec(map(s.get("credential_spec"))) : null)
                .dependsOn(strings(s, "depends_on"))
                .deploy(s.has("deploy") ? deploy(map(s.get("deploy"))) : null)
                .devices(strings(s, "devices"))
                .dns(strings(s, "dns"))
                .dnsSearch(strings(s, "dns_search"))
                .domainName(string(s, "domainname"))
                .entrypoint(strings(s, "entrypoint"))
                .environment(nullableStrings(s, "environment"))
                .envFile(strings(s, "env_file"))
                .expose(strings(s, "expose"))
                .externalLinks(strings(s, "external_links"))
                .extraHosts(strings(s, "extra_hosts"))
                .hostname(string(s, "hostname"))
                .healthcheck(optional(s, "healthcheck", node -> healthcheck(map(node))))
                .image(string(s, "image"))
                .init(optional(s, "init", node -> (Boolean) value(node)))
                .ipc(string(s, "ipc"))
                .isolation(string(s, "isolation"))
                .labels(stringMap(s, "labels"))
                .links(strings(s, "links"))
                .logging(optional(s, "logging", node -> new LoggingConfig(string(map(node), "driver"), stringMap(map(node), "options"))))
                .macAddress(string(s, "mac_address"))
                .networkMode(string(s, "network_mode"))
                .networks(serviceNetworks(s))
                .pid(string(s, "pid"))
                .ports(list(s, "ports", node -> {
                    MapNode port = map(node);
                    return new ServicePortConfig(string(port, "mode"), number(port, "target"), number(port, "published"), string(port, "protocol"));
                }))
                .privileged(bool(s, "privileged"))
                .readOnly(bool(s, "read_only"))
                .restart(string(s, "restart"))
                .secrets(list(s, "secrets", this::fileReference))
                .securityOpt(strings(s, "security_opt"))
                .shmSize(string(s, "shm_size"))
                .stdinOpen(bool(s, "stdin_open"))
                .stopGracePeriod(optional(s, "stop_grace_period", StackDecoder::duration))
                .stopSignal(string(s, "stop_signal"))
                .sysctls(stringMap(s, "sysctls"))
                .tmpfs(strings(s, "tmpfs"))
                .tty(bool(s, "tty"))
                .ulimits(ulimits(s))
                .user(string(s, "user"))
                .usernsMode(string(s, "userns_mode"))
                .volumes(list(s, "volumes", node -> volumeMount(map(node))))
                .workingDir(string(s, "working_dir"))
                .build();
    }

    private BuildConfig build(MapNode b) {
        return new BuildConfig(string(b, "context"), string(b, "dockerfile"), nullableStrings(b, "args"), stringMap(b, "labels"),
                strings(b, "cache_from"), strings(b, "extra_hosts"), string(b, "network"), string(b, "target"));
    }

    private CredentialSpecConfig credentialSpec(MapNode c) {
        return new CredentialSpecConfig(string(c, "config"), string(c, "file"), string(c, "registry"));
    }

    private FileReference fileReference(Node node) {
        MapNode r = map(node);
        return new FileReference(string(r, "source"), string(r, "target"), string(r, "uid"), string(r, "gid"),
                optional(r, "mode", n -> (int) ((Number) value(n)).longValue()));
    }

    private DeployConfig deploy(MapNode d) {
        return new DeployConfig(
                string(d, "mode"),
                optional(d, "replicas", n -> ((Number) value(n)).longValue()),
                stringMap(d, "labels"),
                optional(d, "update_config", n -> updateConfig(map(n))),
                optional(d, "rollback_config", n -> updateConfig(map(n))),
                d.has("resources") ? resources(map(d.get("resources"))) : null,
                optional(d, "restart_policy", n -> restartPolicy(map(n))),
                d.has("placement") ? placement(map(d.get("placement"))) : null,
                string(d, "endpoint_mode"));
    }

    private UpdateConfig updateConfig(MapNode u) {
        return new UpdateConfig(
                optional(u, "parallelism", n -> ((Number) value(n)).longValue()),
                optional(u, "delay", StackDecoder::duration).orElse(Duration.ZERO),
                string(u, "failure_action"),
                optional(u, "monitor", StackDecoder::duration).orElse(Duration.ZERO),
                (float) (u.has("max_failure_ratio") ? ((Number) value(u.get("max_failure_ratio"))).doubleValue() : 0),
                string(u, "order"));
    }

    private Resources resources(MapNode r) {
        return new Resources(
                optional(r, "limits", n -> new ResourceLimit(string(map(n), "cpus"), bytes(map(n), "memory"), number(map(n), "pids"))),
                optional(r, "reservations", n -> new Resource(string(map(n), "cpus"), bytes(map(n), "memory"),
                        list(map(n), "generic_resources", g -> new GenericResource(optional(map(g), "discrete_resource_spec",
                                spec -> new DiscreteGenericResource(string(map(spec), "kind"), number(map(spec), "value"))))))));
    }

    private RestartPolicy restartPolicy(MapNode r) {
        return new RestartPolicy(string(r, "condition"), optional(r, "delay", StackDecoder::duration),
                optional(r, "max_attempts", n -> ((Number) value(n)).longValue()), optional(r, "window", StackDecoder::duration));
    }

    private Placement placement(MapNode p) {
        return new Placement(strings(p, "constraints"),
                list(p, "preferences", n -> new PlacementPreference(string(map(n), "spread"))),
                number(p, "max_replicas_per_node"));
    }

    private HealthCheckConfig healthcheck(MapNode h) {
        return new HealthCheckConfig(strings(h, "test"),
                optional(h, "timeout", StackDecoder::duration),
                optional(h, "interval", StackDecoder::duration),
                optional(h, "retries", n -> ((Number) value(n)).longValue()),
                optional(h, "start_period", StackDecoder::duration),
                optional(h, "start_interval", StackDecoder::duration),
                bool(h, "disable"));
    }

    private Map<String, Optional<ServiceNetworkConfig>> serviceNetworks(MapNode s) {
        Map<String, Optional<ServiceNetworkConfig>> networks = new LinkedHashMap<>();
        if (s.get("networks") instanceof MapNode map) {
            map.entries().forEach((key, entry) -> networks.put(key, entry.value() instanceof MapNode n
                    ? Optional.of(new ServiceNetworkConfig(strings(n, "aliases"), stringMap(n, "driver_opts"),
                    string(n, "ipv4_address"), string(n, "ipv6_address")))
                    : Optional.empty()));
        }
        return networks;
    }

    private Map<String, UlimitsConfig> ulimits(MapNode s) {
        Map<String, UlimitsConfig> ulimits = new LinkedHashMap<>();
        if (s.get("ulimits") instanceof MapNode map) {
            map.entries().forEach((key, entry) -> {
                if (entry.value() instanceof MapNode limits) {
                    ulimits.put(key, new UlimitsConfig(0, (int) number(limits, "soft"), (int) number(limits, "hard")));
                } else if (value(entry.value()) instanceof Number single) {
                    ulimits.put(key, new UlimitsConfig(single.intValue(), 0, 0));
                }
            });
        }
        return ulimits;
    }

    private ServiceVolumeConfig volumeMount(MapNode v) {
        return new ServiceVolumeConfig(string(v, "type"), string(v, "source"), string(v, "target"), bool(v, "read_only"),
                string(v, "consistency"),
                optional(v, "bind", n -> new VolumeBindOptions(string(map(n), "propagation"))),
                optional(v, "volume", n -> new VolumeVolumeOptions(bool(map(n), "nocopy"), string(map(n), "subpath"))),
                optional(v, "image", n -> new VolumeImageOptions(string(map(n), "subpath"))),
                optional(v, "tmpfs", n -> new VolumeTmpfsOptions(number(map(n), "size"))),
                v.has("cluster"));
    }

    // ------------------------------------------------------------------------------------------ top-level objects

    private NetworkConfig network(String key, MapNode n) {
        IpamConfig ipam = null;
        if (n.get("ipam") instanceof MapNode i) {
            ipam = new IpamConfig(string(i, "driver"), list(i, "config", pool -> new IpamPool(string(map(pool), "subnet"))));
        }
        return new NetworkConfig(key, string(n, "name"), string(n, "driver"), stringMap(n, "driver_opts"), ipam,
                external(n), bool(n, "internal"), bool(n, "attachable"), stringMap(n, "labels"));
    }

    private VolumeConfig volume(String key, MapNode v) {
        return new VolumeConfig(key, string(v, "name"), string(v, "driver"), stringMap(v, "driver_opts"), external(v), stringMap(v, "labels"));
    }

    private static External external(MapNode object) {
        return object.get("external") instanceof ScalarNode s && Boolean.TRUE.equals(s.value()) ? new External(true, "") : External.NO;
    }

    private FileObjectConfig fileObject(String kind, String key, MapNode o) {
        External external = external(o);
        FileObjectConfig.Source source;
        Optional<byte[]> content = kind.equals("secrets") ? loaded.secretContent(key) : loaded.configContent(key);
        if (external.external()) {
            source = FileObjectConfig.Source.EXTERNAL;
        } else if (o.has("content")) {
            source = FileObjectConfig.Source.CONTENT;
        } else if (o.has("environment")) {
            source = FileObjectConfig.Source.ENVIRONMENT;
        } else {
            source = FileObjectConfig.Source.FILE;
        }
        return new FileObjectConfig(key, string(o, "name"), source, string(o, "file"), string(o, "environment"),
                content.map(ObjectContent::of).orElse(ObjectContent.NONE), external, stringMap(o, "labels"),
                string(o, "driver"), stringMap(o, "driver_opts"), string(o, "template_driver"),
                loaded.nameVariable(kind + "." + key));
    }

    // ------------------------------------------------------------------------------------------ positions

    private static void positions(Node node, String path, Map<String, Position> positions) {
        if (!path.isEmpty()) {
            SourcePosition p = node.position();
            positions.put(path, new Position(Path.of(p.file()), p.line(), p.column()));
        }
        if (node instanceof MapNode map) {
            for (Entry entry : map.entries().values()) {
                positions(entry.value(), path.isEmpty() ? entry.key() : path + "." + entry.key(), positions);
            }
        } else if (node instanceof ListNode list) {
            for (int i = 0; i < list.size(); i++) {
                positions(list.items().get(i), path + "." + i, positions);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ values

    private static MapNode section(MapNode stack, String key) {
        return StackChecks.section(stack, key);
    }

    private static MapNode map(Node node) {
        return node instanceof MapNode map ? map : MapNode.empty(node.position());
    }

    private static Object value(Node node) {
        return node instanceof ScalarNode s ? s.value() : null;
    }

    private static String string(MapNode map, String key) {
        Object value = value(map.get(key) == null ? Node.scalar(null, map.position()) : map.get(key));
        return value == null ? "" : value.toString();
    }

    private static boolean bool(MapNode map, String key) {
        return map.get(key) != null && Boolean.TRUE.equals(value(map.get(key)));
    }

    private static long number(MapNode map, String key) {
        Node node = map.get(key);
        return node != null && value(node) instanceof Number n ? n.longValue() : 0;
    }

    private static long bytes(MapNode map, String key) {
        Node node = map.get(key);
        return node != null && value(node) instanceof ByteSize size ? size.bytes() : 0;
    }

    private static Duration duration(Node node) {
        return ((Time.Duration) value(node)).toDuration();
    }

    private static List<String> strings(MapNode map, String key) {
        return list(map, key, node -> {
            Object value = value(node);
            return value == null ? "" : value.toString();
        });
    }

    private static <T> List<T> list(MapNode map, String key, Function<Node, T> item) {
        List<T> items = new ArrayList<>();
        if (map.get(key) instanceof ListNode list) {
            list.items().forEach(node -> items.add(item.apply(node)));
        }
        return items;
    }

    private static Map<String, String> stringMap(MapNode map, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map.get(key) instanceof MapNode m) {
            m.entries().forEach((k, entry) -> {
                Object value = value(entry.value());
                out.put(k, value == null ? "" : value.toString());
            });
        }
        return out;
    }

    private static Map<String, Optional<String>> nullableStrings(MapNode map, String key) {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        if (map.get(key) instanceof MapNode m) {
            m.entries().forEach((k, entry) -> out.put(k, Optional.ofNullable(value(entry.value())).map(Object::toString)));
        }
        return out;
    }

    private static <T> Optional<T> optional(MapNode map, String key, Function<Node, T> read) {
        Node node = map.get(key);
        if (node == null || (node instanceof ScalarNode s && s.isNull())) {
            return Optional.empty();
        }
        return Optional.of(read.apply(node));
    }
}
