package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.compose.model.UlimitsConfig;
import io.github.swarmdeploy.core.compose.model.VolumeConfig;
import io.github.swarmdeploy.core.golang.Time;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the merged, checked stack (docker's typed form) into the immutable {@link StackDefinition} records,
 * each component read from its key by its Java type, as mapstructure decodes docker's dictionaries into its
 * Go types: nothing here names a key but the sections of the file.
 */
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
        section(stack, "services").forEach((key, map) ->
                services.put(key, record(ServiceConfig.class, map, Map.of("name", key))));
        Map<String, NetworkConfig> networks = new LinkedHashMap<>();
        section(stack, "networks").forEach((key, map) ->
                networks.put(key, record(NetworkConfig.class, map, Map.of("key", key))));
        Map<String, VolumeConfig> volumes = new LinkedHashMap<>();
        section(stack, "volumes").forEach((key, map) ->
                volumes.put(key, record(VolumeConfig.class, map, Map.of("key", key))));
        Map<String, FileObjectConfig> secrets = new LinkedHashMap<>();
        section(stack, "secrets").forEach((key, map) -> secrets.put(key, fileObject("secrets", key, map)));
        Map<String, FileObjectConfig> configs = new LinkedHashMap<>();
        section(stack, "configs").forEach((key, map) -> configs.put(key, fileObject("configs", key, map)));
        Map<String, Position> positions = new LinkedHashMap<>();
        positions(stack, "", positions);
        return new StackDefinition((String) value(String.class, stack.get("version")), files, workingDir, services, networks,
                volumes, secrets, configs, positions);
    }

    private static Map<String, MapNode> section(MapNode stack, String key) {
        Map<String, MapNode> objects = new LinkedHashMap<>();
        StackChecks.section(stack, key).entries().forEach((name, entry) -> objects.put(name, map(entry.value())));
        return objects;
    }

    /** A config or secret: its content was read while loading; where it came from follows from its keys. */
    private FileObjectConfig fileObject(String kind, String key, MapNode object) {
        boolean external = object.get("external") instanceof ScalarNode s && Boolean.TRUE.equals(s.value());
        FileObjectConfig.Source source = external ? FileObjectConfig.Source.EXTERNAL
                : object.has("content") ? FileObjectConfig.Source.CONTENT
                : object.has("environment") ? FileObjectConfig.Source.ENVIRONMENT
                : FileObjectConfig.Source.FILE;
        Optional<byte[]> content = kind.equals("secrets") ? loaded.secretContent(key) : loaded.configContent(key);
        return record(FileObjectConfig.class, object, Map.of("key", key, "source", source,
                "content", content.map(ObjectContent::of).orElse(ObjectContent.NONE),
                "nameVariable", loaded.nameVariable(kind + "." + key)));
    }

    // ------------------------------------------------------------------------------------------ by type

    /**
     * A record from a mapping: each component that is a key read from its value by its type; {@code given}
     * supplies the components that are no keys (the object's name) or are found otherwise.
     */
    private static <R extends Record> R record(Class<R> record, MapNode map, Map<String, Object> given) {
        ComposeTypes.Decoding decoding = ComposeTypes.of(record).decoding();
        List<ComposeTypes.Slot> slots = decoding.slots();
        Object[] arguments = new Object[slots.size()];
        for (int i = 0; i < arguments.length; i++) {
            ComposeTypes.Slot slot = slots.get(i);
            if (given.containsKey(slot.component())) {
                arguments[i] = given.get(slot.component());
                continue;
            }
            arguments[i] = slot.field().isEmpty() ? zero(slot.raw()) : value(slot.javaType(), map.get(slot.field().get().key()));
        }
        try {
            return record.cast(decoding.constructor().newInstance(arguments));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + record.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + record.getSimpleName(), e);
        }
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == float.class) {
            return 0f;
        }
        return null;
    }

    /** The value of a node as the Java type holds it; an absent node is the type's zero value. */
    private static Object value(java.lang.reflect.Type type, Node node) {
        Class<?> raw = ComposeTypes.raw(type);
        Object scalar = node instanceof ScalarNode s ? s.value() : null;
        if (raw == String.class) {
            return scalar == null ? "" : scalar.toString();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Boolean.TRUE.equals(scalar);
        }
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            long number = scalar instanceof Number n ? n.longValue() : scalar instanceof ByteSize size ? size.bytes() : 0;
            return raw == int.class || raw == Integer.class ? (Object) (int) number : (Object) number;
        }
        if (raw == float.class) {
            return scalar instanceof Number n ? (float) n.doubleValue() : 0f;
        }
        if (raw == Duration.class) {
            return scalar instanceof Time.Duration d ? d.toDuration() : Duration.ZERO;
        }
        if (raw == External.class) {
            return Boolean.TRUE.equals(scalar) ? new External(true, "") : External.NO;
        }
        if (raw == UlimitsConfig.class) {
            if (node instanceof MapNode limits) {
                return new UlimitsConfig(0, (int) (long) value(long.class, limits.get("soft")),
                        (int) (long) value(long.class, limits.get("hard")));
            }
            return new UlimitsConfig(scalar instanceof Number n ? n.intValue() : 0, 0, 0);
        }
        if (raw == Optional.class) {
            if (node == null || (node instanceof ScalarNode s && s.isNull())) {
                return Optional.empty();
            }
            return Optional.of(value(argument(type, 0), node));
        }
        if (raw == List.class) {
            List<Object> items = new ArrayList<>();
            if (node instanceof ListNode list) {
                list.items().forEach(item -> items.add(value(argument(type, 0), item)));
            }
            return items;
        }
        if (raw == Map.class) {
            Map<String, Object> entries = new LinkedHashMap<>();
            if (node instanceof MapNode map) {
                java.lang.reflect.Type valueType = argument(type, 1);
                map.entries().forEach((key, entry) -> {
                    if (ComposeTypes.raw(valueType) == UlimitsConfig.class && !(entry.value() instanceof MapNode)
                            && !(entry.value() instanceof ScalarNode s && s.value() instanceof Number)) {
                        return; // neither a number nor soft/hard: nothing docker would set
                    }
                    entries.put(key, value(valueType, entry.value()));
                });
            }
            return entries;
        }
        if (raw.isRecord()) {
            return node == null ? null : record(raw.asSubclass(Record.class), map(node), Map.of());
        }
        throw new IllegalStateException("no decoding for " + type);
    }

    private static java.lang.reflect.Type argument(java.lang.reflect.Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static MapNode map(Node node) {
        return node instanceof MapNode map ? map : MapNode.empty(node.position());
    }

    // ------------------------------------------------------------------------------------------ positions

    private static void positions(Node node, String path, Map<String, Position> positions) {
        if (!path.isEmpty()) {
            positions.put(path, node.position());
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
}
