package io.github.swarmdeploy.core.compose;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one YAML document from SnakeYAML's events, as SnakeYAML's composer does (same nodes, tags and
 * marks), with three differences that bound what a file may cost: it does not recurse (a document nested
 * 10000 levels deep is read in constant stack), it refuses nesting beyond docker's
 * {@link ComposeLimits#MAX_NESTING} where it is written, and it remembers which values were written as
 * aliases, so that {@link YamlAliasBudget} can count their expansion the way yaml.v3 does. An alias stands
 * for the very node of its anchor: the document is a graph, expanded only later and only as far as the
 * budget allows.
 */
final class YamlComposer {

    /**
     * The document's root and, per mapping or list, the alias events of the values written as aliases:
     * for a list at the item's index, for a mapping at {@code 2 * i} (key) and {@code 2 * i + 1} (value)
     * of its i-th pair.
     */
    record Document(Node root, Map<Node, AliasEvent[]> aliases) {

        /** The alias written at {@code slot} of {@code parent}, or null when the value is written there. */
        AliasEvent alias(Node parent, int slot) {
            AliasEvent[] slots = aliases.get(parent);
            return slots == null || slot >= slots.length ? null : slots[slot];
        }
    }

    /** A problem that ends the reading of the document, at the position and key path given. */
    static final class Refusal extends RuntimeException {
        final Mark mark;
        final String path;

        Refusal(Mark mark, String path, String message) {
            super(message, null, false, false);
            this.mark = mark;
            this.path = path;
        }
    }

    private static final Resolver RESOLVER = new Resolver();

    private final Parser parser;
    private final Map<String, Node> anchors = new HashMap<>();
    private final Map<Node, AliasEvent[]> aliases = new IdentityHashMap<>();

    YamlComposer(Parser parser) {
        this.parser = parser;
    }

    /** An open mapping or list: its node, its children so far and which of them were aliases. */
    private static final class Open {
        final Node node;
        final List<Node> items;
        final List<NodeTuple> pairs;
        final List<AliasEvent> slotAliases = new ArrayList<>();
        Node key;
        boolean anyAlias;

        Open(Node node, List<Node> items, List<NodeTuple> pairs) {
            this.node = node;
            this.items = items;
            this.pairs = pairs;
        }

        void add(Node child, AliasEvent alias) {
            slotAliases.add(alias);
            anyAlias |= alias != null;
            if (items != null) {
                items.add(child);
            } else if (key == null) {
                key = child;
            } else {
                pairs.add(new NodeTuple(key, child));
                key = null;
            }
        }

        /** The key path segment of the child being read: the list index, or the key when it is text. */
        String segment() {
            if (items != null) {
                return "[" + items.size() + "]";
            }
            return key instanceof ScalarNode scalar ? scalar.getValue() : "?";
        }
    }

    /**
     * Composes the document that starts with the parser's next event (after DOCUMENT-START) and consumes
     * its DOCUMENT-END.
     *
     * @throws Refusal at an undefined or recursive alias, a custom global tag, or nesting beyond the limit
     */
    Document document() {
        Deque<Open> open = new ArrayDeque<>();
        Set<Node> unfinished = Collections.newSetFromMap(new IdentityHashMap<>());
        while (true) {
            Event event = parser.getEvent();
            Node done;
            AliasEvent alias = null;
            if (event instanceof AliasEvent aliasEvent) {
                done = anchors.get(aliasEvent.getAnchor());
                if (done == null) {
                    throw new Refusal(event.getStartMark(), path(open), "found undefined alias " + aliasEvent.getAnchor());
                }
                if (unfinished.contains(done)) {
                    throw new Refusal(event.getStartMark(), path(open), "recursive alias: the value of &"
                            + aliasEvent.getAnchor() + " contains itself");
                }
                alias = aliasEvent;
            } else if (event instanceof ScalarEvent scalar) {
                done = anchored(scalar, new ScalarNode(tag(scalar.getTag(), NodeId.scalar, scalar.getValue(),
                        scalar.getImplicit().canOmitTagInPlainScalar(), scalar.getStartMark()),
                        scalar.getTag() == null || scalar.getTag().equals("!"), scalar.getValue(),
                        scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle()));
            } else if (event instanceof CollectionStartEvent start) {
                if (open.size() >= ComposeLimits.MAX_NESTING) {
                    throw new Refusal(start.getStartMark(), path(open), "nested more than " + ComposeLimits.MAX_NESTING
                            + " levels deep (docker's limit: \"exceeded max depth of " + ComposeLimits.MAX_NESTING + "\")");
                }
                boolean mapping = start instanceof MappingStartEvent;
                boolean resolved = start.getTag() == null || start.getTag().equals("!");
                Tag tag = tag(start.getTag(), mapping ? NodeId.mapping : NodeId.sequence, null, start.getImplicit(),
                        start.getStartMark());
                Open collection;
                if (mapping) {
                    List<NodeTuple> pairs = new ArrayList<>();
                    collection = new Open(new MappingNode(tag, resolved, pairs, start.getStartMark(), null,
                            start.getFlowStyle()), null, pairs);
                } else {
                    List<Node> items = new ArrayList<>();
                    collection = new Open(new SequenceNode(tag, resolved, items, start.getStartMark(), null,
                            start.getFlowStyle()), items, null);
                }
                anchored(start, collection.node);
                unfinished.add(collection.node);
                open.push(collection);
                continue;
            } else if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
                Open closed = open.pop();
                unfinished.remove(closed.node);
                if (closed.anyAlias) {
                    aliases.put(closed.node, closed.slotAliases.toArray(new AliasEvent[0]));
                }
                done = closed.node;
            } else {
                throw new IllegalStateException("unexpected YAML event " + event);
            }
            if (open.isEmpty()) {
                parser.getEvent(); // DOCUMENT-END
                return new Document(done, aliases);
            }
            open.peek().add(done, alias);
        }
    }

    private Node anchored(NodeEvent event, Node node) {
        if (event.getAnchor() != null) {
            node.setAnchor(event.getAnchor());
            anchors.put(event.getAnchor(), node);
        }
        return node;
    }

    /** SnakeYAML's tag resolution: no tag (or {@code !}) is resolved from the value; a custom global tag is refused. */
    private static Tag tag(String written, NodeId kind, String value, boolean implicit, Mark mark) {
        if (written == null || written.equals("!")) {
            return RESOLVER.resolve(kind, value, implicit);
        }
        Tag tag = new Tag(written);
        if (tag.isCustomGlobal()) {
            throw new Refusal(mark, null, "Global tag is not allowed: " + written);
        }
        return tag;
    }

    private static String path(Deque<Open> open) {
        List<Open> outermostFirst = new ArrayList<>(open);
        Collections.reverse(outermostFirst);
        if (outermostFirst.size() > 12) {
            return path(outermostFirst.subList(0, 12)) + "... (" + outermostFirst.size() + " levels)";
        }
        return path(outermostFirst);
    }

    private static String path(List<Open> outermostFirst) {
        StringBuilder path = new StringBuilder();
        for (Open collection : outermostFirst) {
            String segment = collection.segment();
            if (!segment.startsWith("[") && path.length() > 0) {
                path.append('.');
            }
            path.append(segment);
        }
        return path.toString();
    }
}
