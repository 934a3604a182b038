package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.golang.DockerOpts;
import io.github.swarmdeploy.core.golang.Fmt;
import io.github.swarmdeploy.core.golang.GoUnits;
import io.github.swarmdeploy.core.golang.Mapstructure;
import io.github.swarmdeploy.core.golang.Shlex;
import io.github.swarmdeploy.core.golang.Time;
import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns one validated, interpolated compose file into docker's typed form (what {@code cli/compose/loader}
 * decodes it into): short syntaxes expanded ({@code "8080:80"}, {@code ./data:/data:ro}, string
 * commands split like a shell, string healthchecks as {@code CMD-SHELL}), lists and mappings in one
 * form, durations and sizes parsed, {@code env_file} resolved into {@code environment}, bind mount
 * paths made absolute from the first file's directory and {@code ~} expanded, the deprecated
 * {@code external.name} moved to {@code name}. Values docker would fail on later (bad sizes, volume
 * specs, commands) are reported here, with their position.
 */
final class CanonicalForm {

    private static final Set<String> STRING_FIELDS = Set.of("cgroupns_mode", "cgroup_parent", "container_name",
            "domainname", "hostname", "image", "ipc", "isolation", "mac_address", "network_mode", "restart",
            "stop_signal", "user", "userns_mode", "working_dir");
    private static final Set<String> STRING_LIST_FIELDS = Set.of("cap_add", "cap_drop", "depends_on", "devices",
            "external_links", "links", "security_opt");
    private static final Set<String> STRING_OR_LIST_FIELDS = Set.of("dns", "dns_search", "env_file", "tmpfs");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("privileged", "read_only", "stdin_open", "tty");
    private static final Set<String> BIND_PROPAGATIONS = Set.of("rprivate", "private", "rshared", "shared", "rslave", "slave");

    private final Path workingDir;
    private final String version;
    private final Function<String, Optional<String>> lookup;
    private final List<Problem> problems;
    private final List<Problem> deployProblems;
    private final List<ComposeWarning> warnings;
    private final List<Problem> ourLimits = new ArrayList<>();

    /**
     * {@code problems}: what docker's loader refuses (docker stack config fails too); {@code deployProblems}:
     * what only docker stack deploy refuses (its conversion or the engine), the value being kept as docker
     * prints it.
     */
    CanonicalForm(Path workingDir, String version, Function<String, Optional<String>> lookup,
                  List<Problem> problems, List<Problem> deployProblems, List<ComposeWarning> warnings) {
        this.workingDir = workingDir;
        this.version = version;
        this.lookup = lookup;
        this.problems = problems;
        this.deployProblems = deployProblems;
        this.warnings = warnings;
    }

    MapNode file(MapNode raw) {
        List<Entry> out = new ArrayList<>();
        out.add(new Entry("version", raw.entry("version").map(Entry::keyPosition).orElse(raw.position()),
                Node.scalar(version, raw.positionOf("version"))));
        section(raw, "services", out, this::service);
        section(raw, "networks", out, this::network);
        section(raw, "volumes", out, this::volume);
        section(raw, "secrets", out, (name, node, path) -> fileObject("secret", name, node, path));
        section(raw, "configs", out, (name, node, path) -> fileObject("config", name, node, path));
        extras(raw, out);
        return MapNode.of(out, raw.position());
    }

    private interface ObjectReader {
        Node read(String name, Node node, String path);
    }

    private void section(MapNode raw, String key, List<Entry> out, ObjectReader reader) {
        Optional<Entry> entry = raw.entry(key);
        if (entry.isEmpty() || !(entry.get().value() instanceof MapNode section)) {
            return;
        }
        out.add(entry.get().withValue(section.convertEntries(
                object -> reader.read(object.key(), object.value(), key + "." + object.key()))));
    }

    private static void extras(MapNode raw, List<Entry> out) {
        raw.entries().values().stream()
                .filter(e -> e.key().startsWith("x-"))
                .forEach(out::add);
    }

    private void problem(Node node, String path, String message) {
        problems.add(new Problem(node.position(), path, message));
    }

    /** A value docker stack config prints but docker stack deploy refuses. */
    private void deployProblem(Node node, String path, String message) {
        deployProblems.add(new Problem(node.position(), path, message));
    }

    /** A value docker would deploy, but not we: it does not fit what the engine request carries here. */
    private void beyondOurLimit(Node node, String path, String message) {
        Problem problem = new Problem(node.position(), path, message);
        deployProblems.add(problem);
        ourLimits.add(problem);
    }

    /** The deploy problems that are ours alone: docker would deploy these values. */
    List<Problem> ourLimits() {
        return ourLimits;
    }

    // ================================================================================= services

    private Node service(String name, Node node, String path) {
        if (!(node instanceof MapNode raw)) {
            return MapNode.empty(node.position());
        }
        MapNode service = raw.convertEntries(entry -> {
            String key = entry.key();
            String keyPath = Paths.child(path, key);
            Node value = entry.value();
            if (STRING_FIELDS.contains(key)) {
                return nonEmptyString(value);
            } else if (STRING_LIST_FIELDS.contains(key)) {
                return value;
            } else if (STRING_OR_LIST_FIELDS.contains(key)) {
                return stringList(value);
            } else if (BOOLEAN_FIELDS.contains(key)) {
                return isTrue(value) ? value : null;
            } else if (key.startsWith("x-")) {
                return value;
            } else {
                return switch (key) {
                    case "build" -> build(value, keyPath);
                    case "command", "entrypoint" -> command(value, keyPath);
                    case "configs", "secrets" -> fileReferences(value, keyPath);
                    case "credential_spec" -> value;
                    case "deploy" -> deploy(value, keyPath);
                    case "environment" -> nullableStringMap(value, keyPath, "=");
                    case "expose" -> sprintList(value);
                    case "extra_hosts" -> hostsList(value);
                    case "healthcheck" -> healthcheck(value, keyPath);
                    case "init" -> value;
                    case "labels", "sysctls" -> stringMap(value, "=");
                    case "logging" -> logging(value);
                    case "networks" -> serviceNetworks(value);
                    case "pid" -> nonEmptyString(value);
                    case "ports" -> ports(value, keyPath);
                    case "shm_size" -> shmSize(value, keyPath);
                    case "stop_grace_period" -> duration(value, keyPath);
                    case "ulimits" -> value;
                    case "oom_score_adj" -> {
                        warnings.add(new ComposeWarning(entry.keyPosition(), keyPath,
                                "ignored: docker stack deploy never applies oom_score_adj, and neither do we"));
                        yield null;
                    }
                    case "volumes" -> volumeMounts(value, keyPath);
                    default -> value;
                };
            }
        });
        return resolveEnvironment(service, raw, path);
    }

    private static boolean isTrue(Node node) {
        return node instanceof ScalarNode s && Boolean.TRUE.equals(s.value());
    }

    /**
     * A word docker stack config prints whatever it is, but docker stack deploy knows only among {@code known}:
     * another non-empty one is a deploy problem naming them. Empty is left out, as docker leaves it out.
     */
    private Node knownWord(Node node, String path, String what, String... known) {
        if (node instanceof ScalarNode s && s.value() instanceof String word && !word.isEmpty()
                && !List.of(known).contains(word)) {
            String choices = String.join(", ", List.of(known).subList(0, known.length - 1)) + " or " + known[known.length - 1];
            deployProblem(node, path, "unknown " + what + " \"" + word + "\" (use " + choices + ")");
        }
        return nonEmptyString(node);
    }

    private static Node nonEmptyString(Node node) {
        return node instanceof ScalarNode s && s.value() instanceof String str && !str.isEmpty() ? node : null;
    }

    private static Node stringList(Node node) {
        if (node instanceof ScalarNode s) {
            return new ListNode(List.of(s), s.position());
        }
        return node;
    }

    private static Node sprintList(Node node) {
        if (!(node instanceof ListNode list)) {
            return node;
        }
        List<Node> items = new ArrayList<>();
        for (Node item : list.items()) {
            items.add(Node.scalar(Fmt.sprint(((ScalarNode) item).value()), item.position()));
        }
        return new ListNode(items, list.position());
    }

    private Node build(Node node, String path) {
        if (node instanceof ScalarNode s) {
            return MapNode.of(List.of(new Entry("context", s.position(), s)), s.position());
        }
        MapNode raw = (MapNode) node;
        return raw.convertEntries(entry -> switch (entry.key()) {
            case "context", "dockerfile", "network", "target" -> nonEmptyString(entry.value());
            case "args" -> nullableStringMap(entry.value(), Paths.child(path, "args"), "=");
            case "labels" -> stringMap(entry.value(), "=");
            case "cache_from" -> entry.value();
            case "extra_hosts" -> hostsList(entry.value());
            default -> null;
        });
    }

    private Node command(Node node, String path) {
        if (node instanceof ScalarNode s && s.value() instanceof String text) {
            try {
                List<Node> words = new ArrayList<>();
                for (String word : Shlex.split(text)) {
                    words.add(Node.scalar(word, s.position()));
                }
                return new ListNode(words, s.position());
            } catch (IllegalArgumentException e) {
                problem(node, path, "cannot split into words: " + e.getMessage());
                return null;
            }
        }
        return node;
    }

    private Node fileReferences(Node node, String path) {
        ListNode list = (ListNode) node;
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Node item = list.items().get(i);
            String itemPath = Paths.item(path, i);
            if (item instanceof ScalarNode s) {
                items.add(MapNode.of(List.of(new Entry("source", s.position(), s)), s.position()));
                continue;
            }
            items.add(((MapNode) item).convertEntries(entry -> switch (entry.key()) {
                case "source", "target", "uid", "gid" -> nonEmptyString(entry.value());
                case "mode" -> {
                    Number mode = (Number) ((ScalarNode) entry.value()).value();
                    if (mode.doubleValue() < 0) {
                        problem(entry.value(), Paths.child(itemPath, "mode"), "must be a file mode between 0 and 0777 (write it in octal, e.g. 0440)");
                        yield null;
                    }
                    if (mode.doubleValue() > 0xFFFFFFFFL) {
                        deployProblem(entry.value(), Paths.child(itemPath, "mode"), "must be a file mode between 0 and 0777 (write it in octal, e.g. 0440)");
                    }
                    // docker reads the mode into a uint32: what does not fit is cut off
                    yield Node.scalar(mode.longValue() & 0xFFFFFFFFL, entry.value().position());
                }
                default -> null;
            }));
        }
        return new ListNode(items, list.position());
    }

    // ------------------------------------------------------------------------------- deploy

    private Node deploy(Node node, String path) {
        if (!(node instanceof MapNode raw)) {
            return null;
        }
        return raw.convertEntries(entry -> {
            String keyPath = Paths.child(path, entry.key());
            Node value = entry.value();
            return switch (entry.key()) {
                case "mode" -> knownWord(value, keyPath, "mode", "replicated", "global", "replicated-job", "global-job");
                case "endpoint_mode" -> knownWord(value, keyPath, "endpoint mode", "vip", "dnsrr");
                case "replicas" -> unsigned(value, keyPath, Long.MAX_VALUE);
                case "labels" -> stringMap(value, "=");
                case "update_config", "rollback_config" -> updateConfig(value, keyPath);
                case "resources" -> resources(value, keyPath);
                case "restart_policy" -> restartPolicy(value, keyPath);
                case "placement" -> placement(value, keyPath);
                default -> null;
            };
        });
    }

    /**
     * A uint64 field of docker's types (replicas, parallelism, max_attempts, retries, max_replicas_per_node):
     * yaml.v3 gives a Long, a BigInteger from 2^63 on, a Double beyond 2^64; mapstructure refuses a negative
     * value and converts a float as Go does (from 2^64 on, amd64 gives 2^63). What docker would send but
     * exceeds what this field of the engine request can carry here ({@code deployMax}) is a deploy problem.
     */
    private Node unsigned(Node node, String path, long deployMax) {
        Number number = (Number) ((ScalarNode) node).value();
        if (number.doubleValue() < 0) {
            problem(node, path, "must not be negative");
            return null;
        }
        BigInteger value = number instanceof Double d ? Mapstructure.toUint64(d)
                : number instanceof BigInteger big ? big : BigInteger.valueOf(number.longValue());
        if (value.compareTo(BigInteger.valueOf(deployMax)) > 0) {
            beyondOurLimit(node, path, value + " is more than swarm-deploy can deploy here (at most " + deployMax + ")");
        }
        return Node.scalar(value.bitLength() < 64 ? (Object) value.longValue() : value, node.position());
    }

    private Node updateConfig(Node node, String path) {
        MapNode raw = (MapNode) node;
        return raw.convertEntries(entry -> {
            String keyPath = Paths.child(path, entry.key());
            return switch (entry.key()) {
                case "parallelism" -> unsigned(entry.value(), keyPath, Long.MAX_VALUE);
                case "delay", "monitor" -> nonZero(duration(entry.value(), keyPath));
                case "failure_action" -> knownWord(entry.value(), keyPath, "failure action", "pause", "continue", "rollback");
                case "max_failure_ratio" -> {
                    double ratio = ((Number) ((ScalarNode) entry.value()).value()).doubleValue();
                    yield ratio == 0 ? null : Node.scalar(ratio, entry.value().position());
                }
                case "order" -> nonEmptyString(entry.value());
                default -> null;
            };
        });
    }

    private static Node nonZero(Node duration) {
        return duration instanceof ScalarNode s && s.value() instanceof Time.Duration d && d.isZero() ? null : duration;
    }

    private Node resources(Node node, String path) {
        MapNode raw = (MapNode) node;
        return raw.mapValues((key, limits) -> ((MapNode) limits).convertEntries(field -> {
            String fieldPath = Paths.child(Paths.child(path, key), field.key());
            return switch (field.key()) {
                case "cpus" -> {
                    String cpus = ((ScalarNode) field.value()).string();
                    if (!cpus.isEmpty()) {
                        try {
                            DockerOpts.parseCpus(cpus);
                        } catch (IllegalArgumentException e) {
                            deployProblem(field.value(), fieldPath, "invalid number of CPUs \"" + cpus + "\": " + e.getMessage());
                        }
                    }
                    yield nonEmptyString(field.value());
                }
                case "memory" -> bytes(field.value(), fieldPath);
                case "pids" -> {
                    long pids = ((Number) ((ScalarNode) field.value()).value()).longValue();
                    yield pids == 0 ? null : Node.scalar(pids, field.value().position());
                }
                case "generic_resources" -> genericResources(field.value());
                default -> null;
            };
        }));
    }

    private static Node genericResources(Node node) {
        ListNode list = (ListNode) node;
        List<Node> items = new ArrayList<>();
        for (Node item : list.items()) {
            MapNode resource = (MapNode) item;
            Node spec = resource.get("discrete_resource_spec");
            if (spec instanceof MapNode discrete) {
                List<Entry> fields = new ArrayList<>();
                Node kind = discrete.get("kind");
                fields.add(new Entry("kind", discrete.position(), kind == null ? Node.scalar("", discrete.position()) : kind));
                Node value = discrete.get("value");
                fields.add(new Entry("value", discrete.position(), Node.scalar(value == null ? 0L
                        : ((Number) ((ScalarNode) value).value()).longValue(), value == null ? discrete.position() : value.position())));
                resource = MapNode.of(List.of(resource.entry("discrete_resource_spec").orElseThrow()
                        .withValue(MapNode.of(fields, discrete.position()))), resource.position());
            }
            items.add(resource);
        }
        return new ListNode(items, list.position());
    }

    private Node bytes(Node node, String path) {
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.value() instanceof Number n) {
            return n.longValue() == 0 ? null : Node.scalar(new ByteSize(n.longValue()), node.position());
        }
        try {
            long bytes = GoUnits.ramInBytes(scalar.string());
            return bytes == 0 ? null : Node.scalar(new ByteSize(bytes), node.position());
        } catch (IllegalArgumentException e) {
            problem(node, path, "invalid size \"" + scalar.string() + "\" (" + e.getMessage() + "; write it like 512M, 1.5g or 1073741824)");
            return null;
        }
    }

    private Node restartPolicy(Node node, String path) {
        MapNode raw = (MapNode) node;
        return raw.convertEntries(entry -> {
            String keyPath = Paths.child(path, entry.key());
            return switch (entry.key()) {
                case "condition" -> knownWord(entry.value(), keyPath, "restart condition", "none", "on-failure", "any");
                case "delay", "window" -> duration(entry.value(), keyPath);
                case "max_attempts" -> unsigned(entry.value(), keyPath, Long.MAX_VALUE);
                default -> null;
            };
        });
    }

    private Node placement(Node node, String path) {
        MapNode raw = (MapNode) node;
        return raw.convertEntries(entry -> switch (entry.key()) {
            case "constraints", "preferences" -> entry.value();
            case "max_replicas_per_node" -> {
                Node value = unsigned(entry.value(), Paths.child(path, entry.key()), Integer.MAX_VALUE);
                yield value instanceof ScalarNode s && Long.valueOf(0).equals(s.value()) ? null : value;
            }
            default -> null;
        });
    }

    // ------------------------------------------------------------------------------- healthcheck, durations

    private Node healthcheck(Node node, String path) {
        MapNode raw = (MapNode) node;
        return raw.convertEntries(entry -> {
            String keyPath = Paths.child(path, entry.key());
            Node value = entry.value();
            return switch (entry.key()) {
                case "test" -> value instanceof ScalarNode s
                        ? new ListNode(List.of(Node.scalar("CMD-SHELL", s.position()), s), s.position())
                        : value;
                case "timeout", "interval", "start_period", "start_interval" -> duration(value, keyPath);
                case "retries" -> unsigned(value, keyPath, Integer.MAX_VALUE);
                case "disable" -> isTrue(value) ? value : null;
                default -> null;
            };
        });
    }

    private Node duration(Node node, String path) {
        ScalarNode scalar = (ScalarNode) node;
        Optional<Long> nanos = scalar.value() instanceof String s ? Time.parseDuration(s) : Optional.empty();
        if (nanos.isEmpty()) {
            problem(node, path, "invalid duration " + Fmt.sprint(scalar.value()) + " (write it like 10s, 1m30s or 500ms)");
            return null;
        }
        return Node.scalar(new Time.Duration(nanos.get()), node.position());
    }

    private Node shmSize(Node node, String path) {
        if (node instanceof ScalarNode s && s.value() instanceof String) {
            return nonEmptyString(node);
        }
        problem(node, path, "must be a string such as \"64M\" (docker cannot read a number here)");
        return null;
    }

    // ------------------------------------------------------------------------------- maps and lists

    /** docker's MappingWithEquals: a key without value is null (taken from the environment later). */
    private static Node nullableStringMap(Node node, String path, String separator) {
        return keyValues(node, separator, null);
    }

    /** docker's Labels/Mapping: a key without value is "". */
    private static Node stringMap(Node node, String separator) {
        return keyValues(node, separator, "");
    }

    /** A mapping, or a list of {@code key<separator>value} strings, as string values; a bare key gets {@code missing}. */
    private static Node keyValues(Node node, String separator, String missing) {
        if (node instanceof MapNode map) {
            return map.mapValues((key, value) -> {
                Object scalar = ((ScalarNode) value).value();
                return Node.scalar(scalar == null ? missing : Fmt.sprint(scalar), value.position());
            });
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Node item : ((ListNode) node).items()) {
            String text = ((ScalarNode) item).string();
            int at = text.indexOf(separator);
            String key = at < 0 ? text : text.substring(0, at);
            entries.put(key, new Entry(key, item.position(), Node.scalar(at < 0 ? missing : text.substring(at + separator.length()), item.position())));
        }
        return new MapNode(entries, node.position());
    }

    /** docker's HostsList: {@code host:ip} strings from a mapping (sorted) or a list using {@code =} or {@code :}. */
    private static Node hostsList(Node node) {
        List<Node> out = new ArrayList<>();
        if (node instanceof MapNode map) {
            TreeMap<String, Node> sorted = new TreeMap<>();
            for (Entry entry : map.entries().values()) {
                Object value = ((ScalarNode) entry.value()).value();
                if (value != null) {
                    String line = entry.key() + ":" + Fmt.sprint(value);
                    sorted.put(line, Node.scalar(line, entry.value().position()));
                }
            }
            out.addAll(sorted.values());
        } else {
            for (Node item : ((ListNode) node).items()) {
                String text = ((ScalarNode) item).string();
                int at = text.indexOf('=');
                if (at < 0) {
                    at = text.indexOf(':');
                }
                if (at >= 0) {
                    out.add(Node.scalar(text.substring(0, at) + ":" + text.substring(at + 1), item.position()));
                }
            }
        }
        List<Node> result = new ArrayList<>();
        for (Node item : out) {
            String text = ((ScalarNode) item).string();
            int at = text.indexOf(':');
            String host = text.substring(0, at);
            String ip = text.substring(at + 1);
            if (ip.length() > 2 && ip.startsWith("[") && ip.endsWith("]")) {
                ip = ip.substring(1, ip.length() - 1);
            }
            result.add(Node.scalar(host + ":" + ip, item.position()));
        }
        return new ListNode(result, node.position());
    }

    private static Node logging(Node node) {
        return ((MapNode) node).convertEntries(entry -> switch (entry.key()) {
            case "driver" -> nonEmptyString(entry.value());
            case "options" -> stringMap(entry.value(), "=");
            default -> null;
        });
    }

    private static Node serviceNetworks(Node node) {
        if (node instanceof ListNode list) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Node item : list.items()) {
                String name = ((ScalarNode) item).string();
                entries.put(name, new Entry(name, item.position(), Node.scalar(null, item.position())));
            }
            return new MapNode(entries, list.position());
        }
        MapNode map = (MapNode) node;
        return map.mapValues((name, value) -> {
            if (!(value instanceof MapNode config)) {
                return value;
            }
            return config.convertEntries(entry -> switch (entry.key()) {
                case "aliases" -> entry.value();
                case "driver_opts" -> stringMap(entry.value(), "=");
                case "ipv4_address", "ipv6_address" -> nonEmptyString(entry.value());
                default -> null;
            });
        });
    }

    // ------------------------------------------------------------------------------- ports

    private Node ports(Node node, String path) {
        ListNode list = (ListNode) node;
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Node item = list.items().get(i);
            String itemPath = Paths.item(path, i);
            if (item instanceof MapNode map) {
                out.add(longPort(map, itemPath));
                continue;
            }
            Object value = ((ScalarNode) item).value();
            String spec = value instanceof Double d ? Fmt.sprint(d) : Fmt.sprint(value);
            PortSpec parsed = PortSpec.parse(spec);
            if (parsed.error() != null) {
                problem(item, itemPath, "invalid port \"" + spec + "\": " + parsed.error());
                continue;
            }
            for (String warning : parsed.warnings()) {
                warnings.add(new ComposeWarning(item.position(), itemPath, warning));
            }
            for (PortSpec.Published port : parsed.ports()) {
                List<Entry> fields = new ArrayList<>();
                fields.add(new Entry("mode", item.position(), Node.scalar("ingress", item.position())));
                fields.add(new Entry("target", item.position(), Node.scalar(port.target(), item.position())));
                if (port.published() != 0) {
                    fields.add(new Entry("published", item.position(), Node.scalar(port.published(), item.position())));
                }
                fields.add(new Entry("protocol", item.position(), Node.scalar(port.protocol(), item.position())));
                out.add(MapNode.of(fields, item.position()));
            }
        }
        return new ListNode(out, list.position());
    }

    private Node longPort(MapNode map, String path) {
        List<Entry> fields = new ArrayList<>();
        for (Entry entry : map.entries().values()) {
            String keyPath = Paths.child(path, entry.key());
            Object value = ((ScalarNode) entry.value()).value();
            switch (entry.key()) {
                case "mode" -> {
                    if (!"".equals(value) && !"ingress".equals(value) && !"host".equals(value)) {
                        deployProblem(entry.value(), keyPath, "unknown publish mode \"" + value + "\" (use ingress or host)");
                    }
                    if (!"".equals(value)) {
                        fields.add(entry);
                    }
                }
                case "protocol" -> {
                    if (!"".equals(value) && !"tcp".equals(value) && !"udp".equals(value) && !"sctp".equals(value)) {
                        deployProblem(entry.value(), keyPath, "unknown protocol \"" + value + "\" (use tcp, udp or sctp)");
                    }
                    if (!"".equals(value)) {
                        fields.add(entry);
                    }
                }
                case "target", "published" -> {
                    long port = ((Number) value).longValue();
                    if (port < 0) {
                        problem(entry.value(), keyPath, "must be a port number between 0 and 65535");
                    } else {
                        if (port > 65535) {
                            deployProblem(entry.value(), keyPath, "must be a port number between 0 and 65535");
                        }
                        // docker reads ports into uint32s: what does not fit is cut off
                        port &= 0xFFFFFFFFL;
                        if (port != 0) {
                            fields.add(entry.withValue(Node.scalar(port, entry.value().position())));
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (!map.has("target")) {
            deployProblem(map, path, "missing required key 'target' (the container port)");
        }
        return MapNode.of(fields, map.position());
    }

    // ------------------------------------------------------------------------------- volumes

    private Node volumeMounts(Node node, String path) {
        ListNode list = (ListNode) node;
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Node item = list.items().get(i);
            String itemPath = Paths.item(path, i);
            MapNode mount = item instanceof ScalarNode s ? shortVolume(s, itemPath) : longVolume((MapNode) item, itemPath);
            if (mount == null) {
                continue;
            }
            out.add(resolveBindSource(mount, itemPath));
        }
        return new ListNode(out, list.position());
    }

    /** docker's ParseVolume: {@code [source:]target[:options]}, options ro, rw, nocopy, a bind propagation. */
    private MapNode shortVolume(ScalarNode node, String path) {
        String spec = node.string();
        SourcePosition at = node.position();
        Map<String, Node> fields = new LinkedHashMap<>();
        if (spec.isEmpty()) {
            problem(node, path, "invalid empty volume spec");
            return null;
        }
        if (spec.length() <= 2) {
            fields.put("type", Node.scalar("volume", at));
            fields.put("target", Node.scalar(spec, at));
            return mount(fields, at);
        }
        String source = "";
        String target = "";
        StringBuilder buffer = new StringBuilder();
        String chars = spec + '\0';
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            boolean end = i == chars.length() - 1;
            if (c == ':' && buffer.length() == 1 && Character.isLetter(buffer.charAt(0))) {
                buffer.append(c);
            } else if (c == ':' || end) {
                String part = buffer.toString();
                if (part.isEmpty()) {
                    problem(node, path, "invalid volume \"" + spec + "\": empty section between colons");
                    return null;
                }
                if (source.isEmpty() && end) {
                    target = part;
                } else if (source.isEmpty()) {
                    source = part;
                } else if (target.isEmpty()) {
                    target = part;
                } else if (c == ':') {
                    problem(node, path, "invalid volume \"" + spec + "\": too many colons");
                    return null;
                } else {
                    for (String option : part.split(",", -1)) {
                        switch (option) {
                            case "ro" -> fields.put("read_only", Node.scalar(Boolean.TRUE, at));
                            case "rw" -> fields.remove("read_only");
                            case "nocopy" -> fields.put("volume", MapNode.of(List.of(new Entry("nocopy", at, Node.scalar(Boolean.TRUE, at))), at));
                            default -> {
                                if (BIND_PROPAGATIONS.contains(option)) {
                                    fields.put("bind", MapNode.of(List.of(new Entry("propagation", at, Node.scalar(option, at))), at));
                                } else {
                                    warnings.add(new ComposeWarning(at, path, "unknown volume option \"" + option + "\" ignored"));
                                }
                            }
                        }
                    }
                }
                buffer.setLength(0);
            } else {
                buffer.append(c);
            }
        }
        String type = source.isEmpty() ? "volume" : isFilePath(source) ? "bind" : "volume";
        Map<String, Node> ordered = new LinkedHashMap<>();
        ordered.put("type", Node.scalar(type, at));
        if (!source.isEmpty()) {
            ordered.put("source", Node.scalar(source, at));
        }
        ordered.put("target", Node.scalar(target, at));
        ordered.putAll(fields);
        return mount(ordered, at);
    }

    private static MapNode mount(Map<String, Node> fields, SourcePosition at) {
        List<Entry> entries = new ArrayList<>();
        fields.forEach((key, value) -> entries.add(new Entry(key, at, value)));
        return MapNode.of(entries, at);
    }

    private static boolean isFilePath(String source) {
        char first = source.charAt(0);
        if (first == '.' || first == '/' || first == '~') {
            return true;
        }
        if (source.codePointCount(0, source.length()) == 1) {
            return false;
        }
        if (source.startsWith("\\\\")) {
            return true;
        }
        int next = Character.charCount(source.codePointAt(0));
        return Character.isLetter(source.codePointAt(0)) && source.charAt(next) == ':';
    }

    private MapNode longVolume(MapNode raw, String path) {
        return raw.convertEntries(entry -> {
            Node value = entry.value();
            return switch (entry.key()) {
                // docker stack deploy mounts "" as a volume and knows "image" too; other types fail there
                case "type" -> knownWord(value, Paths.child(path, "type"), "volume type",
                        "volume", "bind", "tmpfs", "npipe", "cluster", "image");
                case "source", "target", "consistency" -> nonEmptyString(value);
                case "read_only" -> isTrue(value) ? value : null;
                case "bind", "volume", "tmpfs" -> mountOptions((MapNode) value);
                default -> null;
            };
        });
    }

    private static MapNode mountOptions(MapNode raw) {
        return raw.convertEntries(entry -> switch (entry.key()) {
            case "propagation", "subpath" -> nonEmptyString(entry.value());
            case "nocopy" -> isTrue(entry.value()) ? entry.value() : null;
            case "size" -> {
                long size = ((Number) ((ScalarNode) entry.value()).value()).longValue();
                yield size == 0 ? null : Node.scalar(size, entry.value().position());
            }
            default -> null;
        });
    }

    /** docker's resolveVolumePaths: a bind source with {@code ~} expanded and made absolute from the working directory. */
    private MapNode resolveBindSource(MapNode mount, String path) {
        if (!mount.string("type").orElse("").equals("bind")) {
            return mount;
        }
        Optional<String> source = mount.string("source");
        if (source.isEmpty()) {
            problem(mount, path, "invalid mount config for type \"bind\": field Source must not be empty");
            return mount;
        }
        String file = source.get();
        if (file.startsWith("~")) {
            Optional<String> home = lookup.apply("HOME");
            if (home.isPresent()) {
                file = home.get() + file.substring(1);
            } else {
                warnings.add(new ComposeWarning(mount.positionOf("source"), Paths.child(path, "source"),
                        "cannot expand '~', because the environment lacks HOME"));
            }
        }
        if (!file.startsWith("/") && !isWindowsAbsolute(file)) {
            file = absolute(file);
        }
        return mount.with("source", Node.scalar(file, mount.positionOf("source")));
    }

    /** docker's isAbs (windows_path.go): a drive or UNC volume name followed by a slash. */
    static boolean isWindowsAbsolute(String path) {
        int length = windowsVolumeNameLength(path);
        return length > 0 && length < path.length() && isSlash(path.charAt(length));
    }

    private static boolean isSlash(char c) {
        return c == '\\' || c == '/';
    }

    private static int windowsVolumeNameLength(String path) {
        if (path.length() < 2) {
            return 0;
        }
        char c = path.charAt(0);
        if (path.charAt(1) == ':' && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return 2;
        }
        int l = path.length();
        if (l >= 5 && isSlash(path.charAt(0)) && isSlash(path.charAt(1)) && !isSlash(path.charAt(2)) && path.charAt(2) != '.') {
            for (int n = 3; n < l - 1; n++) {
                if (isSlash(path.charAt(n))) {
                    n++;
                    if (!isSlash(path.charAt(n))) {
                        if (path.charAt(n) == '.') {
                            break;
                        }
                        while (n < l && !isSlash(path.charAt(n))) {
                            n++;
                        }
                        return n;
                    }
                    break;
                }
            }
        }
        return 0;
    }

    /** Go's filepath.Join(workingDir, path): joined and cleaned. */
    String absolute(String file) {
        if (file.startsWith("/")) {
            return file;
        }
        return workingDir.resolve(file).normalize().toString();
    }

    // ------------------------------------------------------------------------------- environment

    /** docker's resolveEnvironment: env_file entries, then environment; empty or missing values taken from the variables. */
    private MapNode resolveEnvironment(MapNode service, MapNode raw, String path) {
        Map<String, Entry> environment = new LinkedHashMap<>();
        Node envFiles = service.get("env_file");
        if (envFiles instanceof ListNode files) {
            for (int i = 0; i < files.size(); i++) {
                ScalarNode file = (ScalarNode) files.items().get(i);
                String itemPath = Paths.item(Paths.child(path, "env_file"), i);
                Path resolved = Path.of(absolute(file.string()));
                EnvFileParser.Parsed parsed;
                try {
                    parsed = EnvFileParser.read(resolved, lookup);
                } catch (IOException e) {
                    problem(file, itemPath, "cannot read env file " + resolved + ": " + describe(e));
                    continue;
                }
                if (parsed.failed()) {
                    problem(file, itemPath, "invalid env file " + resolved
                            + (parsed.errorLine() > 0 ? " line " + parsed.errorLine() : "") + ": " + parsed.error());
                    continue;
                }
                for (String line : parsed.lines()) {
                    int at = line.indexOf('=');
                    String key = at < 0 ? line : line.substring(0, at);
                    String value = at < 0 ? null : line.substring(at + 1);
                    environment.put(key, new Entry(key, file.position(), withVariable(key, value, file.position())));
                }
            }
        }
        Node declared = service.get("environment");
        if (declared instanceof MapNode map) {
            for (Entry entry : map.entries().values()) {
                Object value = ((ScalarNode) entry.value()).value();
                environment.put(entry.key(), entry.withValue(withVariable(entry.key(), (String) value, entry.value().position())));
            }
        }
        if (environment.isEmpty()) {
            return service.without("environment");
        }
        return service.with(new Entry("environment", raw.entry("environment").or(() -> raw.entry("env_file"))
                .map(Entry::keyPosition).orElse(service.position()), new MapNode(environment, service.position())));
    }

    private Node withVariable(String key, String value, SourcePosition position) {
        if (value == null || value.isEmpty()) {
            Optional<String> fromVariables = lookup.apply(key);
            if (fromVariables.isPresent()) {
                return Node.scalar(fromVariables.get(), position);
            }
        }
        return Node.scalar(value, position);
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ================================================================================= networks, volumes, secrets, configs

    private Node network(String name, Node node, String path) {
        if (!(node instanceof MapNode raw)) {
            return MapNode.empty(node.position());
        }
        MapNode network = raw.convertEntries(entry -> switch (entry.key()) {
            case "name", "driver" -> nonEmptyString(entry.value());
            case "driver_opts", "labels" -> stringMap(entry.value(), "=");
            case "ipam" -> entry.value();
            case "external" -> entry.value();
            case "internal", "attachable" -> isTrue(entry.value()) ? entry.value() : null;
            default -> entry.key().startsWith("x-") ? entry.value() : null;
        });
        return withoutExtrasUnlessExternal(external("network", name, network, path, 5));
    }

    private Node volume(String name, Node node, String path) {
        if (!(node instanceof MapNode raw)) {
            return MapNode.empty(node.position());
        }
        MapNode volume = raw.convertEntries(entry -> switch (entry.key()) {
            case "name", "driver" -> nonEmptyString(entry.value());
            case "driver_opts", "labels" -> stringMap(entry.value(), "=");
            case "external" -> entry.value();
            case "x-cluster-spec" -> clusterSpec((MapNode) entry.value(), Paths.child(path, entry.key()));
            default -> entry.key().startsWith("x-") ? entry.value() : null;
        });
        if (isExternal(volume)) {
            for (String key : List.of("driver", "driver_opts", "labels")) {
                if (volume.has(key) && !(volume.get(key) instanceof MapNode m && m.entries().isEmpty())) {
                    problem(volume.get(key), Paths.child(path, key),
                            "conflicting parameters \"external\" and \"" + key + "\" specified for volume \"" + name + "\"");
                }
            }
        }
        return withoutExtrasUnlessExternal(external("volume", name, volume, path, 4));
    }

    private Node clusterSpec(MapNode raw, String path) {
        MapNode spec = raw;
        Node range = raw.get("capacity_range");
        if (range instanceof MapNode capacity) {
            MapNode converted = capacity;
            for (String key : List.of("required_bytes", "limit_bytes")) {
                if (capacity.has(key)) {
                    Node bytes = bytes(capacity.get(key), Paths.child(Paths.child(path, "capacity_range"), key));
                    converted = bytes == null ? converted.without(key) : converted.with(key, bytes);
                }
            }
            spec = spec.with("capacity_range", converted);
        }
        Node requirements = raw.get("accessibility_requirements");
        if (requirements instanceof MapNode req) {
            spec = spec.with("accessibility_requirements", req.mapValues((key, value) -> {
                if (!(value instanceof ListNode topologies)) {
                    return value;
                }
                List<Node> items = new ArrayList<>();
                for (Node topology : topologies.items()) {
                    MapNode t = (MapNode) topology;
                    items.add(t.has("segments") ? t.with("segments", stringMap(t.get("segments"), "=")) : t);
                }
                return new ListNode(items, topologies.position());
            }));
        }
        return spec;
    }

    private Node fileObject(String kind, String name, Node node, String path) {
        if (!(node instanceof MapNode raw)) {
            return MapNode.empty(node.position());
        }
        MapNode object = raw.convertEntries(entry -> switch (entry.key()) {
            case "name", "file", "content", "environment", "driver", "template_driver" ->
                    entry.key().equals("content") ? entry.value() : nonEmptyString(entry.value());
            case "driver_opts", "labels" -> stringMap(entry.value(), "=");
            case "external" -> entry.value();
            default -> entry.key().startsWith("x-") ? entry.value() : null;
        });
        if (isExternal(object)) {
            return external(kind, name, object, path, 5);
        }
        if (object.has("driver") && object.has("file")) {
            problem(object.get("file"), Paths.child(path, "file"),
                    kind + " " + name + ": " + kind + ".driver and " + kind + ".file conflict; only use " + kind + ".driver");
            return object;
        }
        if (object.has("file")) {
            object = object.with("file", Node.scalar(absolute(object.string("file").orElseThrow()), object.positionOf("file")));
        } else if (!object.has("driver") && !object.has("content") && !object.has("environment")) {
            // docker makes even an absent file absolute: the working directory (deploying then fails); the
            // position of the whole object marks it as not written (see StackChecks.contents)
            object = object.with("file", Node.scalar(absolute(""), raw.position()));
        }
        int sources = (object.has("file") ? 1 : 0) + (object.has("content") ? 1 : 0) + (object.has("environment") ? 1 : 0);
        if (sources > 1) {
            problem(object, path, kind + " " + name + ": use only one of file, content and environment");
        }
        return object;
    }

    /** docker keeps the {@code x-*} keys of networks and volumes only when they are external. */
    private static Node withoutExtrasUnlessExternal(Node node) {
        if (!(node instanceof MapNode object) || object.has("external")) {
            return node;
        }
        MapNode result = object;
        for (String key : object.entries().keySet()) {
            if (key.startsWith("x-") && !key.equals("x-cluster-spec")) {
                result = result.without(key);
            }
        }
        return result;
    }

    private static boolean isExternal(MapNode object) {
        Node external = object.get("external");
        return external instanceof MapNode || (external instanceof ScalarNode s && Boolean.TRUE.equals(s.value()));
    }

    /**
     * docker's handling of {@code external}: {@code external: {name: x}} becomes {@code name: x} (with a
     * deprecation warning from version 3.{@code deprecatedSince}), an external object without a name is
     * named after its key, and {@code external} is kept as {@code true}.
     */
    private Node external(String kind, String name, MapNode object, String path, int deprecatedSince) {
        Node external = object.get("external");
        if (external == null) {
            return object;
        }
        if (external instanceof ScalarNode s && !Boolean.TRUE.equals(s.value())) {
            return object.without("external");
        }
        boolean hasExternalName = external instanceof MapNode m && m.has("name");
        MapNode result = object;
        if (hasExternalName) {
            Node externalName = ((MapNode) external).get("name");
            if (object.has("name")) {
                problem(external, Paths.child(path, "external.name"),
                        kind + " " + name + ": " + kind + ".external.name and " + kind + ".name conflict; only use " + kind + ".name");
                return object;
            }
            if (ComposeSchema.minorVersion(version).orElse(ComposeSchema.LATEST_MINOR) >= deprecatedSince) {
                warnings.add(new ComposeWarning(external.position(), Paths.child(path, "external.name"),
                        kind + " " + name + ": " + kind + ".external.name is deprecated in favor of " + kind + ".name"));
            }
            String newName = ((ScalarNode) externalName).value() instanceof String str ? str : "";
            result = newName.isEmpty() ? result.without("name") : result.with("name", externalName);
        } else if (!object.has("name")) {
            result = result.with("name", Node.scalar(name, external.position()));
        }
        result = result.with("external", Node.scalar(Boolean.TRUE, external.position()));
        // the name goes first, as docker's struct has it
        Map<String, Entry> reordered = new LinkedHashMap<>();
        result.entry("name").ifPresent(e -> reordered.put("name", e));
        reordered.putAll(result.entries());
        return new MapNode(reordered, result.position());
    }
}
