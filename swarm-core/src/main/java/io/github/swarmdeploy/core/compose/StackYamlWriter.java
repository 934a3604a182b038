package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.ComposeTypes.Field;
import io.github.swarmdeploy.core.compose.ComposeTypes.Kind;
import io.github.swarmdeploy.core.compose.ComposeTypes.Type;
import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.golang.Strconv;
import io.github.swarmdeploy.core.golang.Time;
import io.github.swarmdeploy.core.golang.YamlV3;

import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a loaded stack as YAML the way {@code docker stack config} prints it (Go's yaml.v3 encoder
 * with an indent of 2 over docker's compose types): fields in docker's order, zero values left out,
 * mappings sorted by key, strings quoted exactly when yaml.v3 quotes them.
 */
final class StackYamlWriter {

    /** What secrets printed from {@code content:} show instead of their value. */
    static final String MASK = "<masked>";

    private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");

    private final StringBuilder out = new StringBuilder();

    private StackYamlWriter() {
    }

    /** A mapping item to print: a key and a value that knows its Go type (or none for free-form data). */
    private record Item(String key, Node value, Field field) {
    }

    /** The stack as YAML; the values of secrets given inline ({@code content:}) are replaced by {@link #MASK}. */
    static String write(MapNode stack) {
        StackYamlWriter writer = new StackYamlWriter();
        writer.mapping(writer.structItems(ComposeTypes.STACK, maskSecretContent(stack), true), 0);
        return writer.out.toString();
    }

    private static MapNode maskSecretContent(MapNode stack) {
        if (!(stack.get("secrets") instanceof MapNode secrets)) {
            return stack;
        }
        return stack.with("secrets", secrets.mapValues((name, secret) ->
                secret instanceof MapNode s && s.has("content") ? s.with("content", Node.scalar(MASK, s.positionOf("content"))) : secret));
    }

    // ------------------------------------------------------------------------------------------ typed walk

    private List<Item> structItems(Type type, MapNode map, boolean topLevel) {
        List<Item> items = new ArrayList<>();
        for (Field field : type.fields.values()) {
            Node value = map.get(field.key());
            if (topLevel && field.key().equals("services")) {
                items.add(new Item("services", value == null ? MapNode.empty(map.position()) : value, field));
                continue;
            }
            if (value == null || isOmitted(field, value)) {
                continue;
            }
            items.add(new Item(field.key(), value, field));
        }
        if (type.extras) {
            YamlKeyOrder.sorted(map.entries()).forEach((key, entry) -> {
                if (key.startsWith("x-") && type.field(key) == null) {
                    items.add(new Item(key, entry.value(), null));
                }
            });
        }
        return items;
    }

    private boolean isOmitted(Field field, Node value) {
        return switch (field.kind()) {
            case VALUE, FLOAT32 -> StackMerge.isZero(value);
            case POINTER, POINTER_UINT, POINTER_STRUCT, LOGGING -> value instanceof ScalarNode s && s.isNull();
            case STRUCT -> isZeroStruct(field.type(), value);
            case LIST, COMMAND, KEYED_LIST, STRING_MAP, NULLABLE_STRING_MAP, SERVICE_NETWORKS, ULIMITS, OBJECT_MAP, SERVICES ->
                    StackMerge.isZero(value);
            case EXTERNAL -> !(value instanceof ScalarNode s && Boolean.TRUE.equals(s.value())) && !(value instanceof MapNode);
        };
    }

    private boolean isZeroStruct(Type type, Node value) {
        if (!(value instanceof MapNode map)) {
            return true;
        }
        for (Entry entry : map.entries().values()) {
            Field field = type.field(entry.key());
            if (field != null && !isOmitted(field, entry.value())) {
                return false;
            }
        }
        return true;
    }

    /** The items of a value of the given field, or null when it is printed as a scalar or a list. */
    private List<Item> childItems(Field field, Node value) {
        if (!(value instanceof MapNode map)) {
            return null;
        }
        if (field == null) {
            return sortedItems(map, null);
        }
        return switch (field.kind()) {
            case STRUCT, POINTER_STRUCT, LOGGING -> structItems(field.type(), map, false);
            case SERVICES, OBJECT_MAP -> {
                List<Item> items = new ArrayList<>();
                YamlKeyOrder.sorted(map.entries()).forEach((key, entry) ->
                        items.add(new Item(key, entry.value(), new Field(key, Kind.STRUCT, field.type(), null))));
                yield items;
            }
            case SERVICE_NETWORKS -> {
                List<Item> items = new ArrayList<>();
                YamlKeyOrder.sorted(map.entries()).forEach((key, entry) ->
                        items.add(new Item(key, entry.value(), new Field(key, Kind.POINTER_STRUCT, ComposeTypes.SERVICE_NETWORK, null))));
                yield items;
            }
            case ULIMITS -> {
                // UlimitsConfig.MarshalYAML prints Single only when it is not 0: a single 0 is an empty soft/hard struct
                List<Item> items = new ArrayList<>();
                YamlKeyOrder.sorted(map.entries()).forEach((key, entry) -> {
                    Node limit = entry.value();
                    if (limit instanceof ScalarNode single && single.value() instanceof Number n && n.longValue() == 0) {
                        limit = MapNode.empty(single.position());
                    }
                    items.add(new Item(key, limit, limit instanceof MapNode
                            ? new Field(key, Kind.POINTER_STRUCT, ComposeTypes.ULIMIT, null) : null));
                });
                yield items;
            }
            default -> sortedItems(map, null);
        };
    }

    private static List<Item> sortedItems(MapNode map, Field field) {
        List<Item> items = new ArrayList<>();
        YamlKeyOrder.sorted(map.entries()).forEach((key, entry) -> items.add(new Item(key, entry.value(), field)));
        return items;
    }

    /** The element type of a list field, when its items are structs. */
    private static Field itemField(Field field) {
        if (field == null || field.type() == null) {
            return null;
        }
        return new Field("", Kind.STRUCT, field.type(), null);
    }

    // ------------------------------------------------------------------------------------------ emitting

    private void mapping(List<Item> items, int indent) {
        for (Item item : items) {
            entry(item, indent, false);
        }
    }

    /**
     * One "key: value" pair at {@code indent}; {@code atCursor} when the line is already started (after "- ").
     * Like yaml.v3, a key that cannot be a simple key (over 128 bytes, or spanning lines) is written in
     * the explicit form {@code ? key} / {@code : value}.
     */
    private void entry(Item item, int indent, boolean atCursor) {
        if (!atCursor) {
            indent(indent);
        }
        if (!isSimpleKey(item.key())) {
            out.append("? ");
            string(item.key(), indent + 2, false);
            out.append('\n');
            indent(indent);
            out.append(": ");
            value(item.field(), item.value(), indent + 2, true);
            return;
        }
        out.append(key(item.key())).append(':');
        value(item.field(), item.value(), indent, false);
    }

    /** yaml.v3's yaml_emitter_check_simple_key for a string key. */
    private static boolean isSimpleKey(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length <= 128 && !analyze(key).multiline();
    }

    /** Writes a value after "key:" or "- "; {@code inline} when the cursor is after "- ". */
    private void value(Field field, Node value, int indent, boolean inline) {
        if (value instanceof MapNode map) {
            List<Item> items = childItems(field, map);
            if (items == null || items.isEmpty()) {
                out.append(inline ? "{}" : " {}").append('\n');
                return;
            }
            if (inline) {
                // first entry on the dash line, the others aligned under it
                entry(items.get(0), indent, true);
                mapping(items.subList(1, items.size()), indent);
            } else {
                out.append('\n');
                mapping(items, indent + 2);
            }
            return;
        }
        if (value instanceof ListNode list) {
            if (list.size() == 0) {
                out.append(inline ? "[]" : " []").append('\n');
                return;
            }
            int itemIndent = inline ? indent : indent + 2;
            boolean first = true;
            if (!inline) {
                out.append('\n');
            }
            for (Node item : list.items()) {
                if (!(inline && first)) {
                    indent(itemIndent);
                }
                out.append("- ");
                value(itemField(field), item, itemIndent + 2, true);
                first = false;
            }
            return;
        }
        ScalarNode scalar = (ScalarNode) value;
        if (!inline) {
            out.append(' ');
        }
        scalar(scalar.value(), field, indent + (inline ? 0 : 2));
        out.append('\n');
    }

    private void indent(int indent) {
        out.append(" ".repeat(indent));
    }

    private void scalar(Object value, Field field, int blockIndent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double d) {
            boolean float32 = field != null && field.kind() == Kind.FLOAT32;
            String text = float32 ? formatFloat32(d) : Strconv.formatFloat(d);
            out.append(switch (text) {
                case "+Inf" -> ".inf";
                case "-Inf" -> "-.inf";
                case "NaN" -> ".nan";
                default -> text;
            });
        } else if (value instanceof Time.Timestamp t) {
            out.append(t.text());
        } else {
            string(value.toString(), blockIndent, false);
        }
    }

    private String key(String key) {
        int mark = out.length();
        string(key, 0, true);
        String written = out.substring(mark);
        out.setLength(mark);
        return written;
    }

    // ------------------------------------------------------------------------------------------ yaml.v3 string styles

    private void string(String s, int blockIndent, boolean simpleKey) {
        Analysis a = analyze(s);
        boolean canUsePlain = YamlV3.resolvePlain(s.isEmpty() ? "" : s) instanceof String
                && !(isBase60Float(s) || isOldBool(s)) && !s.isEmpty();
        char style;
        if (s.contains("\n")) {
            style = 'L';
        } else if (canUsePlain) {
            style = 'P';
        } else {
            style = 'D';
        }
        if (simpleKey && a.multiline) {
            style = 'D';
        }
        if (style == 'P') {
            if (!a.blockPlainAllowed || (s.isEmpty() && simpleKey)) {
                style = 'S';
            }
        }
        if (style == 'S' && !a.singleQuotedAllowed) {
            style = 'D';
        }
        if (style == 'L' && (!a.blockAllowed || simpleKey)) {
            style = 'D';
        }
        switch (style) {
            case 'P' -> out.append(s);
            case 'S' -> singleQuoted(s, blockIndent);
            case 'L' -> literal(s, blockIndent);
            default -> doubleQuoted(s);
        }
    }

    /**
     * yaml.v3's yaml_emitter_write_literal_scalar, quirks included: no line break is written after the
     * header, so a value starting with a line break loses it ({@code "\nx"} is printed as {@code |2-} and
     * {@code x}). The caller ends the line: a final line break of the value is not written here.
     */
    private void literal(String s, int indent) {
        out.append('|');
        int[] cps = s.codePoints().toArray();
        if (cps.length > 0 && (cps[0] == ' ' || isBreak(cps[0]))) {
            out.append('2');
        }
        if (cps.length == 0 || !isBreak(cps[cps.length - 1])) {
            out.append('-');
        } else if (cps.length == 1 || isBreak(cps[cps.length - 2])) {
            out.append('+');
        }
        boolean indention = false;
        boolean breaks = true;
        for (int cp : cps) {
            if (isBreak(cp)) {
                out.appendCodePoint(cp);
                indention = true;
                breaks = true;
            } else {
                if (breaks) {
                    if (!indention) {
                        out.append('\n');
                    }
                    indent(indent);
                }
                out.appendCodePoint(cp);
                indention = false;
                breaks = false;
            }
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
    }

    /** yaml.v3's single-quoted style: a line break other than \n (U+2028, U+2029) is followed by the indentation. */
    private void singleQuoted(String s, int indent) {
        out.append('\'');
        boolean breaks = false;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isBreak(cp)) {
                out.appendCodePoint(cp);
                breaks = true;
                continue;
            }
            if (breaks) {
                indent(indent);
                breaks = false;
            }
            if (cp == '\'') {
                out.append("''");
            } else {
                out.appendCodePoint(cp);
            }
        }
        out.append('\'');
    }

    private void doubleQuoted(String s) {
        out.append('"');
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!isPrintable(cp) || cp == 0xFEFF || isBreak(cp) || cp == '"' || cp == '\\') {
                out.append('\\');
                switch (cp) {
                    case 0x00 -> out.append('0');
                    case 0x07 -> out.append('a');
                    case 0x08 -> out.append('b');
                    case 0x09 -> out.append('t');
                    case 0x0A -> out.append('n');
                    case 0x0B -> out.append('v');
                    case 0x0C -> out.append('f');
                    case 0x0D -> out.append('r');
                    case 0x1B -> out.append('e');
                    case 0x22 -> out.append('"');
                    case 0x5C -> out.append('\\');
                    case 0x85 -> out.append('N');
                    case 0xA0 -> out.append('_');
                    case 0x2028 -> out.append('L');
                    case 0x2029 -> out.append('P');
                    default -> {
                        if (cp <= 0xFF) {
                            out.append('x').append(String.format("%02X", cp));
                        } else if (cp <= 0xFFFF) {
                            out.append('u').append(String.format("%04X", cp));
                        } else {
                            out.append('U').append(String.format("%08X", cp));
                        }
                    }
                }
            } else {
                out.appendCodePoint(cp);
            }
        }
        out.append('"');
    }

    private record Analysis(boolean multiline, boolean blockPlainAllowed, boolean singleQuotedAllowed, boolean blockAllowed) {
    }

    /** yaml.v3's yaml_emitter_analyze_scalar, for block context. */
    private static Analysis analyze(String value) {
        if (value.isEmpty()) {
            return new Analysis(false, true, true, false);
        }
        boolean blockIndicators = false;
        boolean lineBreaks = false;
        boolean specialCharacters = false;
        boolean tabCharacters = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;
        if (value.startsWith("---") || value.startsWith("...")) {
            blockIndicators = true;
        }
        boolean precededByWhitespace = true;
        int[] cps = value.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
            if (i == 0) {
                switch (c) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> blockIndicators = true;
                    case '?', ':' -> {
                        if (followedByWhitespace) {
                            blockIndicators = true;
                        }
                    }
                    case '-' -> {
                        if (followedByWhitespace) {
                            blockIndicators = true;
                        }
                    }
                    default -> {
                    }
                }
            } else {
                if (c == ':' && followedByWhitespace) {
                    blockIndicators = true;
                }
                if (c == '#' && precededByWhitespace) {
                    blockIndicators = true;
                }
            }
            if (c == '\t') {
                tabCharacters = true;
            } else if (!isPrintable(c)) {
                specialCharacters = true;
            }
            if (c == ' ') {
                if (i == 0) {
                    leadingSpace = true;
                }
                if (i == cps.length - 1) {
                    trailingSpace = true;
                }
                if (previousBreak) {
                    breakSpace = true;
                }
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                lineBreaks = true;
                if (i == 0) {
                    leadingBreak = true;
                }
                if (i == cps.length - 1) {
                    trailingBreak = true;
                }
                if (previousSpace) {
                    spaceBreak = true;
                }
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isBlank(c) || isBreak(c);
        }
        boolean blockPlain = true;
        boolean single = true;
        boolean block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            blockPlain = false;
        }
        if (trailingSpace) {
            block = false;
        }
        if (breakSpace) {
            blockPlain = false;
            single = false;
        }
        if (spaceBreak || tabCharacters || specialCharacters) {
            blockPlain = false;
            single = false;
        }
        if (spaceBreak || specialCharacters) {
            block = false;
        }
        if (lineBreaks) {
            blockPlain = false;
        }
        if (blockIndicators) {
            blockPlain = false;
        }
        return new Analysis(lineBreaks, blockPlain, single, block);
    }

    private static boolean isPrintable(int cp) {
        return cp == 0x0A || (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF);
    }

    private static boolean isBreak(int cp) {
        return cp == '\r' || cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    private static boolean isBlank(int cp) {
        return cp == ' ' || cp == '\t';
    }

    private static boolean isBase60Float(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.indexOf(':') < 0) {
            return false;
        }
        return BASE60_FLOAT.matcher(s).matches();
    }

    private static boolean isOldBool(String s) {
        return switch (s) {
            case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF" -> true;
            default -> false;
        };
    }

    /** strconv.FormatFloat(f, 'g', -1, 32): the shortest decimal that reads back as the same float32. */
    static String formatFloat32(double value) {
        float f = (float) value;
        if (f == 0) {
            return "0";
        }
        for (int precision = 1; precision <= 9; precision++) {
            BigDecimal candidate = new BigDecimal(f).round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.floatValue() == f) {
                return Strconv.formatFloat(candidate.doubleValue());
            }
        }
        return Strconv.formatFloat(f);
    }
}
