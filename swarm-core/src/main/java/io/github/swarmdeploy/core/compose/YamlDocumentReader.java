package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one YAML document into {@link Node}s with positions, giving scalars the meaning Go's yaml.v3
 * gives them (so {@code yes} stays a string and {@code 0440} is octal), resolving anchors, aliases and
 * merge keys ({@code <<}, also tagged {@code !!merge}) the way yaml.v3 does: keys written in the mapping
 * win over merged ones, and among several merged mappings the first one wins.
 */
final class YamlDocumentReader {

    private static final Resolver SNAKE_RESOLVER = new Resolver();

    private final String fileName;
    private final List<Problem> problems;
    private final Set<org.yaml.snakeyaml.nodes.Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<org.yaml.snakeyaml.nodes.Node, Node> converted = new IdentityHashMap<>();

    private YamlDocumentReader(String fileName, List<Problem> problems) {
        this.fileName = fileName;
        this.problems = problems;
    }

    /** {@link #read(String, String, List, List)} without the warning about further documents. */
    static Optional<MapNode> read(String fileName, String text, List<Problem> problems) {
        return read(fileName, text, problems, new ArrayList<>());
    }

    /**
     * The first document's root mapping, or empty when the text is not YAML or not a mapping; every problem
     * found (syntax, duplicate keys, non-string keys) is added to {@code problems}. Like yaml.v3's Unmarshal
     * (what docker reads a compose file with), only the first document of a stream is read: what follows a
     * second {@code ---} is not even parsed; a warning says it is ignored.
     */
    static Optional<MapNode> read(String fileName, String text, List<Problem> problems, List<ComposeWarning> warnings) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(1000);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(true);
        org.yaml.snakeyaml.nodes.Node root;
        try {
            Iterator<org.yaml.snakeyaml.nodes.Node> documents = new Yaml(options).composeAll(new StringReader(text)).iterator();
            root = documents.hasNext() ? documents.next() : null;
            if (root != null && hasMoreDocuments(documents)) {
                warnings.add(new ComposeWarning(SourcePosition.ofFile(fileName), "",
                        "only the first YAML document of the file is read; the documents after the next '---' are ignored (as docker does)"));
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                message = e.getContext() + ": " + message;
            }
            problems.add(new Problem(mark == null ? SourcePosition.ofFile(fileName) : position(fileName, mark), "",
                    "invalid YAML: " + message.replace('\n', ' ')));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new Problem(SourcePosition.ofFile(fileName), "", "invalid YAML: " + e.getMessage()));
            return Optional.empty();
        }
        if (root == null) {
            problems.add(new Problem(SourcePosition.ofFile(fileName), "", "top-level object must be a mapping (the file is empty)"));
            return Optional.empty();
        }
        YamlDocumentReader reader = new YamlDocumentReader(fileName, problems);
        Node node = reader.convert(root, "");
        if (!(node instanceof MapNode map)) {
            problems.add(new Problem(node.position(), "", "top-level object must be a mapping"));
            return Optional.empty();
        }
        return Optional.of(map);
    }

    private static boolean hasMoreDocuments(Iterator<org.yaml.snakeyaml.nodes.Node> documents) {
        try {
            return documents.hasNext();
        } catch (YAMLException e) {
            // what follows is not even YAML; docker does not read it either
            return true;
        }
    }

    private static SourcePosition position(String fileName, Mark mark) {
        return new SourcePosition(fileName, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private SourcePosition position(org.yaml.snakeyaml.nodes.Node node) {
        return position(fileName, node.getStartMark());
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node node, String path) {
        Node done = converted.get(node);
        if (done != null) {
            return done;
        }
        if (!inProgress.add(node)) {
            problems.add(new Problem(position(node), path, "recursive alias: the value contains itself"));
            return Node.scalar(null, position(node));
        }
        try {
            Node result = switch (node.getNodeId()) {
                case scalar -> convertScalar((org.yaml.snakeyaml.nodes.ScalarNode) node);
                case sequence -> convertSequence((SequenceNode) node, path);
                case mapping -> convertMapping((MappingNode) node, path);
                default -> {
                    problems.add(new Problem(position(node), path, "unsupported YAML node " + node.getNodeId()));
                    yield Node.scalar(null, position(node));
                }
            };
            converted.put(node, result);
            return result;
        } finally {
            inProgress.remove(node);
        }
    }

    private ScalarNode convertScalar(org.yaml.snakeyaml.nodes.ScalarNode node) {
        String text = node.getValue();
        Tag tag = node.getTag();
        Object value;
        if (node.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
            Tag implicit = SNAKE_RESOLVER.resolve(NodeId.scalar, text, true);
            if (tag.equals(implicit) || tag.equals(Tag.MERGE)) {
                value = GoValues.resolvePlain(text);
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
        Object resolved = GoValues.resolvePlain(text);
        if (tag.equals(Tag.FLOAT) && resolved instanceof Long l) {
            return l.doubleValue();
        }
        return resolved;
    }

    private ListNode convertSequence(SequenceNode node, String path) {
        List<Node> items = new ArrayList<>();
        List<org.yaml.snakeyaml.nodes.Node> values = node.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(convert(values.get(i), path + "[" + i + "]"));
        }
        return new ListNode(items, position(node));
    }

    private MapNode convertMapping(MappingNode node, String path) {
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
            String childPath = path.isEmpty() ? key.get() : path + "." + key.get();
            Integer previous = definedAt.get(key.get());
            if (previous != null) {
                problems.add(new Problem(position(keyNode), childPath,
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
    private List<MapNode> mergeSources(org.yaml.snakeyaml.nodes.Node value, String path) {
        List<MapNode> sources = new ArrayList<>();
        if (value instanceof MappingNode) {
            sources.add((MapNode) convert(value, path));
        } else if (value instanceof SequenceNode sequence) {
            for (org.yaml.snakeyaml.nodes.Node item : sequence.getValue()) {
                if (item instanceof MappingNode) {
                    sources.add((MapNode) convert(item, path));
                } else {
                    problems.add(new Problem(position(item), path, "map merge requires map or sequence of maps as the value"));
                }
            }
        } else {
            problems.add(new Problem(position(value), path, "map merge requires map or sequence of maps as the value"));
        }
        return sources;
    }

    private Optional<String> keyOf(org.yaml.snakeyaml.nodes.Node keyNode, String path) {
        if (keyNode instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar) {
            Object value = convertScalar(scalar).value();
            if (value instanceof String s) {
                return Optional.of(s);
            }
            problems.add(new Problem(position(keyNode), path,
                    "key " + scalar.getValue() + " must be a string (quote it: \"" + scalar.getValue() + "\")"));
            return Optional.empty();
        }
        problems.add(new Problem(position(keyNode), path, "a key must be a string, not a " + keyNode.getNodeId()));
        return Optional.empty();
    }
}
