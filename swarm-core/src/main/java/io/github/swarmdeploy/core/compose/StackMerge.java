package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.ComposeTypes.Field;
import io.github.swarmdeploy.core.compose.ComposeTypes.Type;
import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.golang.Time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges compose files the way {@code docker stack deploy -c a.yml -c b.yml} does (docker's merge.go on
 * top of mergo): services by name, field by field; networks, volumes, secrets and configs replaced
 * whole; in a service, lists appended (yes, even {@code healthcheck.test}), maps merged by key, a
 * command replaced, ports/volumes/secrets/configs keyed by published port, target and source (entries
 * with the same key collapse, the result is sorted), and a zero value ({@code false}, {@code 0s},
 * {@code ""}) never overriding. Only the first file's version and top-level {@code x-*} keys remain.
 */
final class StackMerge {

    private StackMerge() {
    }

    static MapNode merge(List<MapNode> files) {
        MapNode base = files.get(0);
        for (MapNode override : files.subList(1, files.size())) {
            base = mergeStack(base, override);
        }
        return base;
    }

    private static MapNode mergeStack(MapNode base, MapNode override) {
        MapNode result = base;
        for (String section : List.of("services", "networks", "volumes", "secrets", "configs")) {
            Node src = override.get(section);
            if (src == null) {
                continue;
            }
            Node dst = base.get(section);
            if (dst == null) {
                result = result.with(override.entry(section).orElseThrow());
                continue;
            }
            Map<String, Entry> merged = new LinkedHashMap<>(((MapNode) dst).entries());
            for (Entry entry : ((MapNode) src).entries().values()) {
                Entry existing = merged.get(entry.key());
                if (section.equals("services") && existing != null) {
                    merged.put(entry.key(), existing.withValue(mergeStruct(ComposeTypes.SERVICE, existing.value(), entry.value())));
                } else {
                    merged.put(entry.key(), entry);
                }
            }
            if (section.equals("services")) {
                merged = new TreeMap<>(merged);
            }
            result = result.with(base.entry(section).orElseThrow().withValue(new MapNode(merged, dst.position())));
        }
        return result;
    }

    private static Node mergeStruct(Type type, Node dstNode, Node srcNode) {
        if (!(dstNode instanceof MapNode dst) || !(srcNode instanceof MapNode src)) {
            return srcNode;
        }
        Map<String, Entry> out = new LinkedHashMap<>(dst.entries());
        for (Field field : type.fields.values()) {
            if (field.kind() == ComposeTypes.Kind.KEYED_LIST && dst.has(field.key())) {
                // mergo calls docker's slice transformer whenever the base has the list
                Node merged = keyed(field, dst.get(field.key()), src.get(field.key()));
                out.put(field.key(), dst.entry(field.key()).orElseThrow().withValue(merged));
            }
        }
        for (Entry entry : src.entries().values()) {
            String key = entry.key();
            Field field = type.field(key);
            Entry existing = out.get(key);
            if (field == null) {
                if (type.extras && key.startsWith("x-")) {
                    out.put(key, existing == null ? entry : existing.withValue(mergeAny(existing.value(), entry.value())));
                }
                continue;
            }
            if (existing == null) {
                if (field.kind() == ComposeTypes.Kind.VALUE || field.kind() == ComposeTypes.Kind.FLOAT32) {
                    if (!isZero(entry.value())) {
                        out.put(key, entry);
                    }
                } else {
                    out.put(key, entry);
                }
                continue;
            }
            Node d = existing.value();
            Node s = entry.value();
            Node merged = switch (field.kind()) {
                case VALUE, FLOAT32 -> isZero(s) ? d : s;
                case POINTER_UINT -> s;
                case POINTER -> isZero(s) ? d : s;
                case STRUCT, POINTER_STRUCT -> mergeStruct(field.type(), d, s);
                case LIST -> append(d, s);
                case COMMAND -> s instanceof ListNode list && list.size() > 0 ? s : d;
                case KEYED_LIST -> out.get(key).value(); // done above
                case STRING_MAP -> mergeMap((MapNode) d, (MapNode) s);
                case NULLABLE_STRING_MAP -> mergeNullableStrings((MapNode) d, (MapNode) s);
                case SERVICE_NETWORKS -> mergeServiceNetworks((MapNode) d, (MapNode) s);
                case ULIMITS -> mergeUlimits((MapNode) d, (MapNode) s);
                case LOGGING -> mergeLogging((MapNode) d, (MapNode) s);
                case OBJECT_MAP, SERVICES, EXTERNAL -> s;
            };
            out.put(key, existing.withValue(merged));
        }
        return new MapNode(out, dst.position());
    }

    static boolean isZero(Node node) {
        if (node instanceof ScalarNode s) {
            Object v = s.value();
            return v == null || Boolean.FALSE.equals(v) || "".equals(v)
                    || (v instanceof Long l && l == 0) || (v instanceof Double d && d == 0)
                    || (v instanceof Time.Duration g && g.isZero()) || (v instanceof ByteSize b && b.bytes() == 0);
        }
        if (node instanceof ListNode list) {
            return list.size() == 0;
        }
        return node instanceof MapNode map && map.entries().isEmpty();
    }

    private static Node append(Node d, Node s) {
        List<Node> items = new ArrayList<>(((ListNode) d).items());
        items.addAll(((ListNode) s).items());
        return new ListNode(items, d.position());
    }

    /** docker's mergeSlice: entries keyed by one field, the later one winning, sorted by that key. */
    private static Node keyed(Field field, Node d, Node s) {
        Map<Object, Node> byKey = new LinkedHashMap<>();
        for (Node list : new Node[]{d, s}) {
            if (list instanceof ListNode items) {
                for (Node item : items.items()) {
                    byKey.put(keyOf(field, item), item);
                }
            }
        }
        List<Map.Entry<Object, Node>> sorted = new ArrayList<>(byKey.entrySet());
        sorted.sort(Comparator.comparing(Map.Entry::getKey, StackMerge::compareKeys));
        List<Node> items = new ArrayList<>();
        sorted.forEach(e -> items.add(e.getValue()));
        return new ListNode(items, d.position());
    }

    private static Object keyOf(Field field, Node item) {
        Node key = ((MapNode) item).get(field.listKey());
        Object value = key instanceof ScalarNode s ? s.value() : null;
        if (field.listKey().equals("published")) {
            return value == null ? 0L : value;
        }
        return value == null ? "" : value;
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return a.toString().compareTo(b.toString());
    }

    private static MapNode mergeMap(MapNode d, MapNode s) {
        Map<String, Entry> out = new LinkedHashMap<>(d.entries());
        out.putAll(s.entries());
        return new MapNode(out, d.position());
    }

    /** mergo on map[string]*string: a value that is set and not empty only gives way to another non-empty value. */
    private static MapNode mergeNullableStrings(MapNode d, MapNode s) {
        Map<String, Entry> out = new LinkedHashMap<>(d.entries());
        for (Entry entry : s.entries().values()) {
            Entry existing = out.get(entry.key());
            if (existing == null || isZero(existing.value())) {
                out.put(entry.key(), entry);
            } else if (!isZero(entry.value())) {
                out.put(entry.key(), entry);
            }
        }
        return new MapNode(out, d.position());
    }

    /** docker's mergeServiceNetworkConfig: aliases replaced, addresses overridden when set, driver options kept. */
    private static MapNode mergeServiceNetworks(MapNode d, MapNode s) {
        Map<String, Entry> out = new LinkedHashMap<>(d.entries());
        for (Entry entry : s.entries().values()) {
            Entry existing = out.get(entry.key());
            if (existing == null || !(existing.value() instanceof MapNode dst)) {
                out.put(entry.key(), entry);
                continue;
            }
            if (!(entry.value() instanceof MapNode src)) {
                continue;
            }
            MapNode merged = src.has("aliases") ? dst.with(src.entry("aliases").orElseThrow()) : dst.without("aliases");
            for (String address : List.of("ipv4_address", "ipv6_address")) {
                if (src.has(address) && !isZero(src.get(address))) {
                    merged = merged.with(src.entry(address).orElseThrow());
                }
            }
            out.put(entry.key(), existing.withValue(reorder(ComposeTypes.SERVICE_NETWORK, merged)));
        }
        return new MapNode(out, d.position());
    }

    private static MapNode mergeUlimits(MapNode d, MapNode s) {
        Map<String, Entry> out = new LinkedHashMap<>(d.entries());
        for (Entry entry : s.entries().values()) {
            Entry existing = out.get(entry.key());
            if (existing == null || !(entry.value() instanceof ScalarNode n && n.isNull())) {
                out.put(entry.key(), entry);
            }
        }
        return new MapNode(out, d.position());
    }

    /** docker's mergeLoggingConfig: same (or unset) driver merges options into existing ones; another driver replaces. */
    private static MapNode mergeLogging(MapNode d, MapNode s) {
        String dstDriver = d.string("driver").orElse("");
        String srcDriver = s.string("driver").orElse("");
        if (!dstDriver.equals(srcDriver) && !dstDriver.isEmpty() && !srcDriver.isEmpty()) {
            return s;
        }
        MapNode result = d;
        if (dstDriver.isEmpty() && !srcDriver.isEmpty()) {
            result = result.with(s.entry("driver").orElseThrow());
        }
        if (d.get("options") instanceof MapNode dstOptions && s.get("options") instanceof MapNode srcOptions) {
            result = result.with("options", mergeMap(dstOptions, srcOptions));
        }
        return reorder(ComposeTypes.LOGGING, result);
    }

    /** mergo on map[string]interface{} (extension fields): mappings merged deeply, lists appended, the rest replaced. */
    private static Node mergeAny(Node d, Node s) {
        if (d instanceof MapNode dst && s instanceof MapNode src) {
            Map<String, Entry> out = new LinkedHashMap<>(dst.entries());
            for (Entry entry : src.entries().values()) {
                Entry existing = out.get(entry.key());
                out.put(entry.key(), existing == null ? entry : existing.withValue(mergeAny(existing.value(), entry.value())));
            }
            return new MapNode(out, dst.position());
        }
        if (d instanceof ListNode && s instanceof ListNode) {
            return append(d, s);
        }
        return s;
    }

    private static MapNode reorder(Type type, MapNode map) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String key : type.keys()) {
            map.entry(key).ifPresent(e -> out.put(key, e));
        }
        out.putAll(map.entries());
        return new MapNode(out, map.position());
    }
}
