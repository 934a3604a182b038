package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.ComposeTypes.Field;
import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.BuildConfig;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.FileReference;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.compose.model.ServiceVolumeConfig;
import io.github.swarmdeploy.core.compose.model.VolumeConfig;
import io.github.swarmdeploy.core.golang.DockerOpts;
import io.github.swarmdeploy.core.golang.Fmt;
import io.github.swarmdeploy.core.golang.GoUnits;
import io.github.swarmdeploy.core.golang.Mapstructure;
import io.github.swarmdeploy.core.golang.Shlex;
import io.github.swarmdeploy.core.golang.Time;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
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
 *
 * <p>Like docker's loader, which picks a transform by the Go type of each field, this names no key: each
 * value is normalised by what the model declares for its key ({@link ComposeTypes}: its Java type or
 * docker's named type, the words it may take). Only the sections of the file, docker's short syntaxes of
 * ports, mounts, references and service networks, and the environment and {@code external} handling are
 * written out here.
 */
final class CanonicalForm {

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
        raw.entry("oom_score_adj").ifPresent(entry -> warnings.add(new ComposeWarning(entry.keyPosition(),
                Paths.child(path, entry.key()), "ignored: docker stack deploy never applies oom_score_adj, and neither do we")));
        return resolveEnvironment(struct(ComposeTypes.SERVICE, raw, path), raw, path);
    }

    // ------------------------------------------------------------------------------- by declared type

    /**
     * A mapping as docker's type for it holds it: each key the type declares normalised by its declared form
     * ({@link #normalise}), the others left out ({@code x-*} kept where the type keeps extensions).
     */
    private MapNode struct(ComposeTypes.Type type, MapNode raw, String path) {
        return raw.convertEntries(entry -> {
            Field field = type.field(entry.key());
            if (field == null) {
                return type.extras && entry.key().startsWith("x-") ? entry.value() : null;
            }
            return normalise(field, entry.value(), Paths.child(path, entry.key()));
        });
    }

    /**
     * One value, by what its key declares: docker's named types (a shell command, a string list, a size, a
     * uint64, ...), else its Java type (a string or boolean or number left out when zero, a duration parsed,
     * a mapping of strings, a struct normalised key by key). Lists and maps of structs whose short syntax
     * docker expands (ports, mounts, config and secret references, service networks) have their own code;
     * null leaves the key out.
     */
    private Node normalise(Field field, Node value, String path) {
        switch (field.form()) {
            case SHELL_COMMAND:
                return command(value, path);
            case STRING_LIST:
                return stringList(value);
            case STRING_OR_NUMBER_LIST:
                return sprintList(value);
            case HEALTHCHECK_TEST:
                return value instanceof ScalarNode s
                        ? new ListNode(List.of(Node.scalar("CMD-SHELL", s.position()), s), s.position()) : value;
            case HOSTS_LIST:
                return hostsList(value);
            case UNIT_BYTES:
                return bytes(value, path);
            case NANO_CPUS:
                return cpus(value, path);
            case UINT64:
                Node number = unsigned(value, path, field.valueClass() == Integer.class || field.valueClass() == int.class
                        ? Integer.MAX_VALUE : Long.MAX_VALUE);
                return field.isPointer() || !(number instanceof ScalarNode s && Long.valueOf(0).equals(s.value())) ? number : null;
            case FILE_MODE:
                return fileMode(value, path);
            default:
                break;
        }
        Class<?> type = ComposeTypes.raw(field.javaType());
        if (field.isPointer()) {
            if (field.valueClass() == Duration.class) {
                return duration(value, path);
            }
            return field.type() != null && value instanceof MapNode map ? struct(field.type(), map, path) : value;
        }
        if (type == String.class) {
            return field.oneOf().isEmpty() ? string(value, path) : knownWord(value, path, field.what(), field.oneOf());
        }
        if (type == boolean.class) {
            return isTrue(value) ? value : null;
        }
        if (type == long.class || type == int.class) {
            long number = ((Number) ((ScalarNode) value).value()).longValue();
            return number == 0 ? null : Node.scalar(number, value.position());
        }
        if (type == float.class) {
            double ratio = ((Number) ((ScalarNode) value).value()).doubleValue();
            return ratio == 0 ? null : Node.scalar(ratio, value.position());
        }
        if (type == Duration.class) {
            return nonZero(duration(value, path));
        }
        return switch (field.kind()) {
            case STRING_MAP -> stringMap(value, "=");
            case NULLABLE_STRING_MAP -> nullableStringMap(value, path, "=");
            case SERVICE_NETWORKS -> serviceNetworks(value, path);
            case KEYED_LIST -> switch (field.listKey()) {
                case "published" -> ports(value, path);
                case "target" -> volumeMounts(value, path);
                default -> fileReferences(value, path);
            };
            case LIST -> field.type() == null ? value : structs(field.type(), value, path);
            case STRUCT -> field.type().record == BuildConfig.class ? build(value, path)
                    : value instanceof MapNode map ? struct(field.type(), map, path) : value;
            default -> value; // ulimits, external, a config's content: as written
        };
    }

    private Node structs(ComposeTypes.Type type, Node value, String path) {
        if (!(value instanceof ListNode list)) {
            return value;
        }
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Node item = list.items().get(i);
            items.add(item instanceof MapNode map ? struct(type, map, Paths.item(path, i)) : item);
        }
        return new ListNode(items, list.position());
    }

    /** A string field; docker cannot decode a number or a boolean into one. */
    private Node string(Node node, String path) {
        if (node instanceof ScalarNode s && s.value() != null && !(s.value() instanceof String)) {
            problem(node, path, "must be a string (docker cannot read " + s.kindName() + " here)");
            return null;
        }
        return nonEmptyString(node);
    }

    private static boolean isTrue(Node node) {
        return node instanceof ScalarNode s && Boolean.TRUE.equals(s.value());
    }

    /**
     * A word docker stack config prints whatever it is, but docker stack deploy knows only among {@code known}:
     * another non-empty one is a deploy problem naming them. Empty is left out, as docker leaves it out.
     */
    private Node knownWord(Node node, String path, String what, List<String> known) {
        if (node instanceof ScalarNode s && s.value() instanceof String word && !word.isEmpty() && !known.contains(word)) {
            String choices = String.join(", ", known.subList(0, known.size() - 1)) + " or " + known.get(known.size() - 1);
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

    /** docker's transformBuildConfig: a string is the context. */
    private Node build(Node node, String path) {
        if (node instanceof ScalarNode s) {
            return MapNode.of(List.of(new Entry("context", s.position(), s)), s.position());
        }
        return struct(ComposeTypes.of(BuildConfig.class), (MapNode) node, path);
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

    /** docker's transformFileReferenceConfig: a string is the source. */
    private Node fileReferences(Node node, String path) {
        ListNode list = (ListNode) node;
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Node item = list.items().get(i);
            if (item instanceof ScalarNode s) {
                items.add(MapNode.of(List.of(new Entry("source", s.position(), s)), s.position()));
            } else {
                items.add(struct(ComposeTypes.of(FileReference.class), (MapNode) item, Paths.item(path, i)));
            }
        }
        return new ListNode(items, list.position());
    }

    /** A file mode: docker reads it into a uint32, cutting off what does not fit. */
    private Node fileMode(Node node, String path) {
        Number mode = (Number) ((ScalarNode) node).value();
        if (mode.doubleValue() < 0) {
            problem(node, path, "must be a file mode between 0 and 0777 (write it in octal, e.g. 0440)");
            return null;
        }
        if (mode.doubleValue() > 0xFFFFFFFFL) {
            deployProblem(node, path, "must be a file mode between 0 and 0777 (write it in octal, e.g. 0440)");
        }
        return Node.scalar(mode.longValue() & 0xFFFFFFFFL, node.position());
    }

    // ------------------------------------------------------------------------------- deploy

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

    private static Node nonZero(Node duration) {
        return duration instanceof ScalarNode s && s.value() instanceof Time.Duration d && d.isZero() ? null : duration;
    }

    /** docker's opts.ParseCPUs when deploying: a rational number of CPUs that comes out whole in nano CPUs. */
    private Node cpus(Node node, String path) {
        String cpus = ((ScalarNode) node).string();
        if (!cpus.isEmpty()) {
            try {
                DockerOpts.parseCpus(cpus);
            } catch (IllegalArgumentException e) {
                deployProblem(node, path, "invalid number of CPUs \"" + cpus + "\": " + e.getMessage());
            }
        }
        return nonEmptyString(node);
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

    private Node duration(Node node, String path) {
        ScalarNode scalar = (ScalarNode) node;
        Optional<Long> nanos = scalar.value() instanceof String s ? Time.parseDuration(s) : Optional.empty();
        if (nanos.isEmpty()) {
            problem(node, path, "invalid duration " + Fmt.sprint(scalar.value()) + " (write it like 10s, 1m30s or 500ms)");
            return null;
        }
        return Node.scalar(new Time.Duration(nanos.get()), node.position());
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

    /** docker's transformServiceNetworkMap: a list names networks without options. */
    private Node serviceNetworks(Node node, String path) {
        if (node instanceof ListNode list) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Node item : list.items()) {
                String name = ((ScalarNode) item).string();
                entries.put(name, new Entry(name, item.position(), Node.scalar(null, item.position())));
            }
            return new MapNode(entries, list.position());
        }
        return ((MapNode) node).mapValues((name, value) -> value instanceof MapNode config
                ? struct(ComposeTypes.SERVICE_NETWORK, config, Paths.child(path, name)) : value);
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
        Position at = node.position();
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

    private static MapNode mount(Map<String, Node> fields, Position at) {
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
        return struct(ComposeTypes.of(ServiceVolumeConfig.class), raw, path);
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

    private Node withVariable(String key, String value, Position position) {
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
        MapNode network = struct(ComposeTypes.of(NetworkConfig.class), raw, path);
        return withoutExtrasUnlessExternal(external("network", name, network, path, 5));
    }

    private Node volume(String name, Node node, String path) {
        if (!(node instanceof MapNode raw)) {
            return MapNode.empty(node.position());
        }
        MapNode volume = struct(ComposeTypes.of(VolumeConfig.class), raw, path);
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

    private Node fileObject(String kind, String name, Node node, String path) {
        if (!(node instanceof MapNode raw)) {
            return MapNode.empty(node.position());
        }
        MapNode object = struct(ComposeTypes.of(FileObjectConfig.class), raw, path);
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
