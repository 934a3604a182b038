package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.golang.Fmt;
import io.github.swarmdeploy.core.golang.Time;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small structural schema, enough to express docker's compose file schemas (config_schema_v3.x):
 * scalars of some JSON types (with an optional format check), mappings with known keys (each available
 * from some 3.x version on), patterned keys and extension keys, lists, and alternatives told apart by
 * the kind of value. Checking reports every problem with its position and key path.
 */
abstract sealed class Shape {

    enum Kind {
        STRING("a string"), NUMBER("a number"), INTEGER("an integer"), BOOLEAN("a boolean"), NULL("null"),
        OBJECT("a mapping"), ARRAY("a list");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** What a check needs besides the value: the file's version, where problems and warnings go. */
    static final class Context {
        final int minorVersion;
        final String version;
        final List<Problem> problems;
        final List<ComposeWarning> warnings;

        Context(String version, int minorVersion, List<Problem> problems, List<ComposeWarning> warnings) {
            this.version = version;
            this.minorVersion = minorVersion;
            this.problems = problems;
            this.warnings = warnings;
        }

        void problem(Position position, String path, String message) {
            problems.add(new Problem(position, path, message));
        }
    }

    /** The kinds of value this shape accepts at its top (used to pick among alternatives). */
    abstract Set<Kind> kinds();

    /** Checks a value; one that interpolation already reported as wrong is not looked at again. */
    final void check(Node node, String path, Context context) {
        if (node instanceof ScalarNode s && s.value() instanceof Interpolator.Failed) {
            return;
        }
        checkValue(node, path, context);
    }

    abstract void checkValue(Node node, String path, Context context);

    static Kind kindOf(Node node) {
        if (node instanceof MapNode) {
            return Kind.OBJECT;
        }
        if (node instanceof ListNode) {
            return Kind.ARRAY;
        }
        Object value = ((ScalarNode) node).value();
        if (value == null) {
            return Kind.NULL;
        }
        if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return Kind.INTEGER;
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? Kind.INTEGER : Kind.NUMBER;
        }
        return Kind.STRING; // strings, and timestamps (docker's schema sees a Go time.Time as its JSON string)
    }

    static boolean accepts(Set<Kind> kinds, Kind kind) {
        return kinds.contains(kind) || (kind == Kind.INTEGER && kinds.contains(Kind.NUMBER));
    }

    static String describe(Set<Kind> kinds) {
        List<String> labels = kinds.stream().map(k -> k.label).collect(Collectors.toList());
        if (labels.size() == 1) {
            return labels.get(0);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
    }

    static String describeValue(Node node) {
        if (node instanceof ScalarNode s && s.value() instanceof Time.Timestamp) {
            return "a timestamp (quote it to make it a string)";
        }
        return node.kindName();
    }

    // ------------------------------------------------------------------------------------------ scalar

    static Scalar string() {
        return new Scalar(EnumSet.of(Kind.STRING), null);
    }

    static Scalar integer() {
        return new Scalar(EnumSet.of(Kind.INTEGER), null);
    }

    static Scalar number() {
        return new Scalar(EnumSet.of(Kind.NUMBER), null);
    }

    static Scalar bool() {
        return new Scalar(EnumSet.of(Kind.BOOLEAN), null);
    }

    static Scalar scalar(Kind... kinds) {
        return new Scalar(EnumSet.copyOf(Arrays.asList(kinds)), null);
    }

    /** Checks the text of a value that has the right type; returns the reason it is wrong, or null. */
    interface Format extends Function<Object, String> {
    }

    static final class Scalar extends Shape {
        final Set<Kind> types;
        final Format format;
        final List<String> allowed;

        Scalar(Set<Kind> types, Format format) {
            this(types, format, null);
        }

        Scalar(Set<Kind> types, Format format, List<String> allowed) {
            this.types = types;
            this.format = format;
            this.allowed = allowed;
        }

        Scalar format(Format newFormat) {
            return new Scalar(types, newFormat, allowed);
        }

        Scalar oneOf(String... values) {
            return new Scalar(types, format, List.of(values));
        }

        @Override
        Set<Kind> kinds() {
            return types;
        }

        @Override
        void checkValue(Node node, String path, Context context) {
            Kind kind = kindOf(node);
            if (!accepts(types, kind)) {
                context.problem(node.position(), path, "must be " + describe(types) + ", not " + describeValue(node));
                return;
            }
            Object value = node instanceof ScalarNode s ? s.value() : null;
            if (value instanceof Time.Timestamp && !types.contains(Kind.NUMBER)) {
                // only free-form values (labels, environment: string, number or null) take a Go time.Time
                context.problem(node.position(), path, "must be a string, not a timestamp (quote it)");
                return;
            }
            if (allowed != null && value instanceof String text && !allowed.contains(text)) {
                context.problem(node.position(), path, "must be one of " + String.join(", ", allowed) + ", not \"" + text + "\"");
                return;
            }
            if (format != null && value != null) {
                String error = format.apply(value);
                if (error != null) {
                    context.problem(node.position(), path, error);
                }
            }
        }
    }

    /** A form of value that docker accepts only from compose file version 3.{@code sinceMinor} on. */
    static Shape since(int sinceMinor, String what, Shape shape) {
        return new Versioned(sinceMinor, what, shape);
    }

    static final class Versioned extends Shape {
        final int sinceMinor;
        final String what;
        final Shape shape;

        Versioned(int sinceMinor, String what, Shape shape) {
            this.sinceMinor = sinceMinor;
            this.what = what;
            this.shape = shape;
        }

        @Override
        Set<Kind> kinds() {
            return shape.kinds();
        }

        @Override
        void checkValue(Node node, String path, Context context) {
            if (context.minorVersion < sinceMinor) {
                context.problem(node.position(), path, what + " needs compose file version 3." + sinceMinor
                        + " or later (this file has version " + context.version + ")");
                return;
            }
            shape.check(node, path, context);
        }
    }

    /** Any value; for keys another check reports (keys docker refuses outright). */
    static Shape anything() {
        return new Any();
    }

    static final class Any extends Shape {
        @Override
        Set<Kind> kinds() {
            return EnumSet.allOf(Kind.class);
        }

        @Override
        void checkValue(Node node, String path, Context context) {
        }
    }

    // ------------------------------------------------------------------------------------------ list

    static ListOf listOf(Shape items) {
        return new ListOf(items, false);
    }

    static ListOf uniqueListOf(Shape items) {
        return new ListOf(items, true);
    }

    static final class ListOf extends Shape {
        final Shape items;
        final boolean unique;
        final String otherKindHint;

        ListOf(Shape items, boolean unique) {
            this(items, unique, "");
        }

        private ListOf(Shape items, boolean unique, String otherKindHint) {
            this.items = items;
            this.unique = unique;
            this.otherKindHint = otherKindHint;
        }

        /** The same list, whose "must be a list" problem goes on to say {@code hint} (what to write instead). */
        ListOf explainingOtherKinds(String hint) {
            return new ListOf(items, unique, ": " + hint);
        }

        @Override
        Set<Kind> kinds() {
            return EnumSet.of(Kind.ARRAY);
        }

        @Override
        void checkValue(Node node, String path, Context context) {
            if (!(node instanceof ListNode list)) {
                context.problem(node.position(), path, "must be a list, not " + describeValue(node) + otherKindHint);
                return;
            }
            Map<Object, Integer> seen = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                Node item = list.items().get(i);
                String itemPath = Paths.item(path, i);
                items.check(item, itemPath, context);
                if (unique && item instanceof ScalarNode s && s.value() != null) {
                    Integer first = seen.putIfAbsent(s.value(), i);
                    if (first != null) {
                        context.problem(item.position(), itemPath, "duplicate item " + Fmt.sprint(s.value())
                                + " (already at " + Paths.item(path, first) + "); docker requires unique items");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ alternatives

    static Alternatives either(Shape... alternatives) {
        return new Alternatives(List.of(alternatives));
    }

    static final class Alternatives extends Shape {
        final List<Shape> alternatives;

        Alternatives(List<Shape> alternatives) {
            this.alternatives = alternatives;
        }

        @Override
        Set<Kind> kinds() {
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            alternatives.forEach(a -> kinds.addAll(a.kinds()));
            return kinds;
        }

        @Override
        void checkValue(Node node, String path, Context context) {
            Kind kind = kindOf(node);
            for (Shape alternative : alternatives) {
                if (accepts(alternative.kinds(), kind)) {
                    alternative.check(node, path, context);
                    return;
                }
            }
            context.problem(node.position(), path, "must be " + describe(kinds()) + ", not " + describeValue(node));
        }
    }

    // ------------------------------------------------------------------------------------------ mapping

    /** What happens to keys a mapping does not know. */
    enum Others {
        /** docker refuses them: a problem. */
        REFUSED,
        /** docker ignores them silently: we warn (a typo is likely). */
        WARNED,
        /** free-form content (extension data): accepted. */
        ACCEPTED
    }

    static Mapping mapping() {
        return new Mapping();
    }

    record Property(String name, Shape shape, int sinceMinor) {
    }

    static final class Mapping extends Shape {
        final Map<String, Property> properties = new LinkedHashMap<>();
        Pattern keyPattern;
        Shape patternShape;
        String keyDescription;
        Others others = Others.REFUSED;
        boolean extensions;
        int extensionsSince;
        boolean nullable;
        final List<String> required = new ArrayList<>();

        Mapping key(String name, Shape shape) {
            return key(name, shape, 0);
        }

        Mapping key(String name, Shape shape, int sinceMinor) {
            properties.put(name, new Property(name, shape, sinceMinor));
            return this;
        }

        /** Keys matching {@code pattern} (e.g. service names) take {@code shape}. */
        Mapping keys(String pattern, String description, Shape shape) {
            keyPattern = Pattern.compile(pattern);
            keyDescription = description;
            patternShape = shape;
            return this;
        }

        Mapping others(Others policy) {
            others = policy;
            return this;
        }

        /** {@code x-*} keys are accepted and not checked (docker accepts them here from version 3.{@code sinceMinor}). */
        Mapping extensions(int sinceMinor) {
            extensions = true;
            extensionsSince = sinceMinor;
            return this;
        }

        Mapping nullable() {
            nullable = true;
            return this;
        }

        Mapping required(String... keys) {
            required.addAll(List.of(keys));
            return this;
        }

        @Override
        Set<Kind> kinds() {
            return nullable ? EnumSet.of(Kind.OBJECT, Kind.NULL) : EnumSet.of(Kind.OBJECT);
        }

        @Override
        void checkValue(Node node, String path, Context context) {
            if (nullable && node instanceof ScalarNode s && s.isNull()) {
                return;
            }
            if (!(node instanceof MapNode map)) {
                context.problem(node.position(), path, "must be " + describe(kinds()) + ", not " + describeValue(node));
                return;
            }
            for (Entry entry : map.entries().values()) {
                String key = entry.key();
                String keyPath = Paths.child(path, key);
                Property property = properties.get(key);
                if (property != null) {
                    if (property.sinceMinor() > context.minorVersion) {
                        context.problem(entry.keyPosition(), keyPath, "'" + key + "' needs compose file version 3."
                                + property.sinceMinor() + " or later (this file has version " + context.version + ")");
                        continue;
                    }
                    property.shape().check(entry.value(), keyPath, context);
                    continue;
                }
                if (keyPattern != null && keyPattern.matcher(key).find()) {
                    patternShape.check(entry.value(), keyPath, context);
                    continue;
                }
                if (key.startsWith("x-") && others != Others.ACCEPTED) {
                    if (!extensions || extensionsSince > context.minorVersion) {
                        context.warnings.add(new ComposeWarning(entry.keyPosition(), keyPath, "extension key ignored; "
                                + (extensions ? "docker stack deploy accepts x-* keys here only from compose file version 3."
                                + extensionsSince + " (this file has version " + context.version + ")"
                                : "docker stack deploy refuses x-* keys here")));
                    }
                    continue;
                }
                if (keyPattern != null && properties.isEmpty()) {
                    context.problem(entry.keyPosition(), keyPath, "invalid " + keyDescription);
                    continue;
                }
                switch (others) {
                    case REFUSED -> context.problem(entry.keyPosition(), keyPath, "unknown key" + suggestion(key, context));
                    case WARNED -> context.warnings.add(new ComposeWarning(entry.keyPosition(), keyPath,
                            "unknown key, ignored" + suggestion(key, context)));
                    case ACCEPTED -> {
                    }
                }
            }
            for (String key : required) {
                if (!map.has(key)) {
                    context.problem(map.position(), path, "missing required key '" + key + "'");
                }
            }
        }

        private String suggestion(String key, Context context) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (Property property : properties.values()) {
                if (property.sinceMinor() > context.minorVersion) {
                    continue;
                }
                int distance = editDistance(key, property.name());
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = property.name();
                }
            }
            int tolerance = Math.max(1, Math.min(3, key.length() / 3));
            return best != null && bestDistance <= tolerance ? " (did you mean '" + best + "'?)" : "";
        }
    }

    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
