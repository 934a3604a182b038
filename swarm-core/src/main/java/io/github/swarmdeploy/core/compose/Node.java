package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.golang.Time;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A value of a compose document with the position it was written at. Immutable: every step of loading
 * (interpolation, normalisation, merge) builds new nodes and keeps the positions of the values it
 * carries over, so a problem found late still points at the line that caused it.
 *
 * <p>Scalars hold what Go's yaml.v3 would decode into an {@code interface{}}: {@code null},
 * {@link String}, {@link Long} (or {@link java.math.BigInteger} beyond 64 bits), {@link Double},
 * {@link Boolean}; after normalisation also typed values such as {@link Time.Duration} and {@link ByteSize}.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    Position position();

    /** A short name of the kind of value, as a user would say it ("a string", "a mapping"). */
    String kindName();

    static ScalarNode scalar(Object value, Position position) {
        return new ScalarNode(value, position);
    }

    record ScalarNode(Object value, Position position) implements Node {

        boolean isNull() {
            return value == null;
        }

        boolean isString() {
            return value instanceof String;
        }

        String string() {
            return (String) value;
        }

        @Override
        public String kindName() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return "a string";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            if (value instanceof Double) {
                return "a number";
            }
            if (value instanceof Number) {
                return "an integer";
            }
            return "a " + value.getClass().getSimpleName();
        }
    }

    record ListNode(List<Node> items, Position position) implements Node {

        public ListNode {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        int size() {
            return items.size();
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A key of a mapping with the position of the key itself. */
    record Entry(String key, Position keyPosition, Node value) {

        Entry withValue(Node newValue) {
            return new Entry(key, keyPosition, newValue);
        }
    }

    record MapNode(Map<String, Entry> entries, Position position) implements Node {

        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        static MapNode empty(Position position) {
            return new MapNode(Map.of(), position);
        }

        static MapNode of(List<Entry> entries, Position position) {
            Map<String, Entry> map = new LinkedHashMap<>();
            for (Entry entry : entries) {
                map.put(entry.key(), entry);
            }
            return new MapNode(map, position);
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        Node get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.value();
        }

        Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** The string value of a key, when the key holds a string. */
        Optional<String> string(String key) {
            return get(key) instanceof ScalarNode s && s.value() instanceof String str ? Optional.of(str) : Optional.empty();
        }

        /** Position of the key if present, else of this mapping. */
        Position positionOf(String key) {
            Entry entry = entries.get(key);
            return entry == null ? position : entry.value().position();
        }

        MapNode with(String key, Node value) {
            Map<String, Entry> copy = new LinkedHashMap<>(entries);
            Entry old = copy.get(key);
            copy.put(key, new Entry(key, old == null ? value.position() : old.keyPosition(), value));
            return new MapNode(copy, position);
        }

        MapNode with(Entry entry) {
            Map<String, Entry> copy = new LinkedHashMap<>(entries);
            copy.put(entry.key(), entry);
            return new MapNode(copy, position);
        }

        MapNode without(String key) {
            if (!entries.containsKey(key)) {
                return this;
            }
            Map<String, Entry> copy = new LinkedHashMap<>(entries);
            copy.remove(key);
            return new MapNode(copy, position);
        }

        /**
         * The entries {@code conversion} keeps, in their order, each with the value it returned; an entry it
         * returns {@code null} for is left out.
         */
        MapNode convertEntries(Function<Entry, Node> conversion) {
            Map<String, Entry> kept = new LinkedHashMap<>();
            entries.forEach((key, entry) -> {
                Node converted = conversion.apply(entry);
                if (converted != null) {
                    kept.put(key, entry.withValue(converted));
                }
            });
            return new MapNode(kept, position);
        }

        MapNode mapValues(BiFunction<String, Node, Node> function) {
            Map<String, Entry> copy = new LinkedHashMap<>();
            entries.forEach((key, entry) -> copy.put(key, entry.withValue(function.apply(key, entry.value()))));
            return new MapNode(copy, position);
        }

        @Override
        public String kindName() {
            return "a mapping";
        }
    }
}
