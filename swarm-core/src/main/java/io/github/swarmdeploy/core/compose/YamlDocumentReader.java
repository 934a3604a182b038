package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.golang.YamlV3;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one YAML document into {@link Node}s with positions, giving scalars the meaning Go's yaml.v3
 * gives them (so {@code yes} stays a string and {@code 0440} is octal), resolving anchors, aliases and
 * merge keys ({@code <<}, also tagged {@code !!merge}) the way yaml.v3 does: keys written in the mapping
 * win over merged ones, and among several merged mappings the first one wins.
 */
final class YamlDocumentReader {

    private static final Resolver SNAKE_RESOLVER = new Resolver();
    private static final String UTF16_HINT = "a UTF-16 file needs a byte order mark to be read as UTF-16, by docker too";

    private final String fileName;
    private final List<Problem> problems;
    private final Map<org.yaml.snakeyaml.nodes.Node, Node> converted = new IdentityHashMap<>();

    private YamlDocumentReader(String fileName, List<Problem> problems) {
        this.fileName = fileName;
        this.problems = problems;
    }

    /**
     * A compose file's bytes as yaml.v3 reads them: UTF-16 (little or big endian) when they start with its
     * byte order mark, otherwise UTF-8 (a UTF-8 byte order mark is skipped).
     */
    static Optional<MapNode> read(String fileName, byte[] bytes, List<Problem> problems, List<ComposeWarning> warnings) {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            skip = 3;
        }
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            boolean zeroBytes = java.util.stream.IntStream.range(0, bytes.length).anyMatch(i -> bytes[i] == 0);
            problems.add(new Problem(Position.ofFile(fileName), "", charset != StandardCharsets.UTF_8
                    ? "not " + charset.name() + " text, although it starts with that byte order mark"
                    : "not UTF-8 text" + (zeroBytes ? " (" + UTF16_HINT + ")" : "")));
            return Optional.empty();
        }
        return read(fileName, text, problems, warnings);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@link #read(String, String, List, List)} without the warning about further documents. */
    static Optional<MapNode> read(String fileName, String text, List<Problem> problems) {
        return read(fileName, text, problems, new ArrayList<>());
    }

    /**
     * The first document's root mapping, or empty when the text is not YAML or not a mapping; every problem
     * found (syntax, duplicate keys, non-string keys) is added to {@code problems}. Like yaml.v3's Unmarshal
     * (what docker reads a compose file with), only the first document of a stream is read: what follows a
     * second {@code ---} is not even parsed; a warning says it is ignored. What docker's YAML reader refuses
     * to expand (aliases, nesting; see {@link ComposeLimits}) is refused here, before anything is expanded.
     */
    static Optional<MapNode> read(String fileName, String text, List<Problem> problems, List<ComposeWarning> warnings) {
        Optional<Problem> control = controlCharacter(fileName, text);
        if (control.isPresent()) {
            problems.add(control.get());
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE); // the file's size is bounded when it is read
        Parser parser = new ParserImpl(new WholeTextReader(fileName, text), options);
        YamlComposer.Document document = null;
        try {
            parser.getEvent(); // STREAM-START
            if (!parser.checkEvent(Event.ID.StreamEnd)) {
                parser.getEvent(); // DOCUMENT-START
                document = new YamlComposer(parser).document();
                if (hasMoreDocuments(parser)) {
                    warnings.add(new ComposeWarning(Position.ofFile(fileName), "",
                            "only the first YAML document of the file is read; the documents after the next '---' are ignored (as docker does)"));
                }
            }
        } catch (YamlComposer.Refusal e) {
            problems.add(new Problem(position(fileName, e.mark), e.path, "invalid YAML: " + e.getMessage()));
            return Optional.empty();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                message = e.getContext() + ": " + message;
            }
            problems.add(new Problem(mark == null ? Position.ofFile(fileName) : position(fileName, mark), "",
                    "invalid YAML: " + message.replace('\n', ' ')));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new Problem(Position.ofFile(fileName), "", "invalid YAML: " + e.getMessage()));
            return Optional.empty();
        }
        if (document == null) {
            problems.add(new Problem(Position.ofFile(fileName), "", "top-level object must be a mapping (the file is empty)"));
            return Optional.empty();
        }
        Optional<YamlAliasBudget.Excess> excess = YamlAliasBudget.check(document);
        if (excess.isPresent()) {
            problems.add(new Problem(position(fileName, excess.get().mark()), excess.get().path(), excess.get().message()));
            return Optional.empty();
        }
        YamlDocumentReader reader = new YamlDocumentReader(fileName, problems);
        Node node = reader.convert(document.root(), KeyPath.ROOT);
        if (!(node instanceof MapNode map)) {
            problems.add(new Problem(node.position(), "", "top-level object must be a mapping"));
            return Optional.empty();
        }
        return Optional.of(map);
    }

    /**
     * yaml.v3 reads only tab, line breaks and printable characters: "control characters are not allowed".
     * A UTF-16 file without byte order mark is read as UTF-8, and its zero bytes are such characters.
     */
    private static Optional<Problem> controlCharacter(String fileName, String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                return Optional.of(new Problem(new Position(fileName, line, column), "",
                        "invalid YAML: control characters are not allowed (U+" + String.format("%04X", c) + ")"
                                + (c == 0 ? "; " + UTF16_HINT : "")));
            }
            i += Character.charCount(c);
            if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return Optional.empty();
    }

    private static boolean hasMoreDocuments(Parser parser) {
        try {
            return !parser.checkEvent(Event.ID.StreamEnd);
        } catch (YAMLException e) {
            // what follows is not even YAML; docker does not read it either
            return true;
        }
    }

    private static Position position(String fileName, Mark mark) {
        return new Position(fileName, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private Position position(org.yaml.snakeyaml.nodes.Node node) {
        return position(fileName, node.getStartMark());
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node node, KeyPath path) {
        Node done = converted.get(node);
        if (done != null) {
            return done;
        }
        Node result = switch (node.getNodeId()) {
            case scalar -> convertScalar((org.yaml.snakeyaml.nodes.ScalarNode) node);
            case sequence -> convertSequence((SequenceNode) node, path);
            case mapping -> convertMapping((MappingNode) node, path);
            default -> {
                problems.add(new Problem(position(node), path.toString(), "unsupported YAML node " + node.getNodeId()));
                yield Node.scalar(null, position(node));
            }
        };
        converted.put(node, result);
        return result;
    }

    private ScalarNode convertScalar(org.yaml.snakeyaml.nodes.ScalarNode node) {
        String text = node.getValue();
        Tag tag = node.getTag();
        Object value;
        if (node.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
            Tag implicit = SNAKE_RESOLVER.resolve(NodeId.scalar, text, true);
            if (tag.equals(implicit) || tag.equals(Tag.MERGE)) {
                value = YamlV3.resolvePlain(text);
            } else {
                value = explicit(tag, text);
            }
        } else if (tag.equals(Tag.STR) || !tag.startsWith(Tag.PREFIX)) {
            value = text;
        } else {
            value = explicit(tag, text);
        }
        return new ScalarNode(value, position(node));
    }

    /** A scalar with an explicit tag: {@code !!str 123} is a string; custom tags keep the text. */
    private static Object explicit(Tag tag, String text) {
        if (tag.equals(Tag.STR) || !tag.startsWith(Tag.PREFIX)) {
            return text;
        }
        Object resolved = YamlV3.resolvePlain(text);
        if (tag.equals(Tag.FLOAT) && resolved instanceof Long l) {
            return l.doubleValue();
        }
        return resolved;
    }

    private ListNode convertSequence(SequenceNode node, KeyPath path) {
        List<Node> items = new ArrayList<>();
        List<org.yaml.snakeyaml.nodes.Node> values = node.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(convert(values.get(i), path.item(i)));
        }
        return new ListNode(items, position(node));
    }

    private MapNode convertMapping(MappingNode node, KeyPath path) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, Integer> definedAt = new LinkedHashMap<>();
        org.yaml.snakeyaml.nodes.Node mergeValue = null;
        for (NodeTuple tuple : node.getValue()) {
            org.yaml.snakeyaml.nodes.Node keyNode = tuple.getKeyNode();
            if (keyNode instanceof org.yaml.snakeyaml.nodes.ScalarNode scalarKey && keyNode.getTag().equals(Tag.MERGE)
                    && scalarKey.getValue().equals("<<")) {
                mergeValue = tuple.getValueNode();
                continue;
            }
            Optional<String> key = keyOf(keyNode, path);
            if (key.isEmpty()) {
                continue;
            }
            KeyPath childPath = path.child(key.get());
            Integer previous = definedAt.get(key.get());
            if (previous != null) {
                problems.add(new Problem(position(keyNode), childPath.toString(),
                        "mapping key \"" + key.get() + "\" already defined at line " + previous));
                continue;
            }
            definedAt.put(key.get(), keyNode.getStartMark().getLine() + 1);
            entries.put(key.get(), new Entry(key.get(), position(keyNode), convert(tuple.getValueNode(), childPath)));
        }
        if (mergeValue != null) {
            for (MapNode merged : mergeSources(mergeValue, path)) {
                for (Entry entry : merged.entries().values()) {
                    entries.putIfAbsent(entry.key(), entry);
                }
            }
        }
        return new MapNode(entries, position(node));
    }

    /** The mappings a merge key names: one mapping, or a list of mappings (earlier ones win). */
    private List<MapNode> mergeSources(org.yaml.snakeyaml.nodes.Node value, KeyPath path) {
        List<MapNode> sources = new ArrayList<>();
        if (value instanceof MappingNode) {
            sources.add((MapNode) convert(value, path));
        } else if (value instanceof SequenceNode sequence) {
            for (org.yaml.snakeyaml.nodes.Node item : sequence.getValue()) {
                if (item instanceof MappingNode) {
                    sources.add((MapNode) convert(item, path));
                } else {
                    problems.add(new Problem(position(item), path.toString(), "map merge requires map or sequence of maps as the value"));
                }
            }
        } else {
            problems.add(new Problem(position(value), path.toString(), "map merge requires map or sequence of maps as the value"));
        }
        return sources;
    }

    private Optional<String> keyOf(org.yaml.snakeyaml.nodes.Node keyNode, KeyPath path) {
        if (keyNode instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar) {
            Object value = convertScalar(scalar).value();
            if (value instanceof String s) {
                return Optional.of(s);
            }
            problems.add(new Problem(position(keyNode), path.toString(),
                    "key " + scalar.getValue() + " must be a string (quote it: \"" + scalar.getValue() + "\")"));
            return Optional.empty();
        }
        problems.add(new Problem(position(keyNode), path.toString(), "a key must be a string, not a " + keyNode.getNodeId()));
        return Optional.empty();
    }
}
