package io.github.swarmdeploy.core.compose;

import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether docker could decode a document: yaml.v3 (docker's YAML library) counts every value it decodes
 * and those it decodes while expanding an alias, and stops with "document contains excessive aliasing" as
 * soon as more than 100 of more than 1000 decoded values came from aliases and their share exceeds what it
 * allows: 99% up to 400,000 values, falling linearly to 10% at 4,000,000. This walks the document in
 * yaml.v3's order with yaml.v3's counts (an alias counts once and then every value of its anchor; a merge
 * key {@code <<} counts the mapping's keys again and skips the values of keys already set), so a file is
 * refused exactly when docker refuses it, after at most a few million steps and without building anything:
 * a billion laughs stops after a few thousand.
 *
 * <p>It also measures the depth the document has once aliases are expanded: docker refuses more than
 * {@link ComposeLimits#MAX_NESTING} levels (Go's JSON decoder, through which its schema validation passes).
 */
final class YamlAliasBudget {

    private static final long RATIO_RANGE_LOW = 400_000;
    private static final long RATIO_RANGE_HIGH = 4_000_000;

    /** Why the document cannot be decoded: where (the outermost alias being expanded, or the value) and what. */
    record Excess(org.yaml.snakeyaml.error.Mark mark, String path, String message) {
    }

    private static final class Stop extends RuntimeException {
        final Excess excess;

        Stop(Excess excess) {
            super(null, null, false, false);
            this.excess = excess;
        }
    }

    private final YamlComposer.Document document;
    private long decodes;
    private long aliasDecodes;
    private int aliasDepth;
    private AliasEvent outermostAlias;
    private KeyPath outermostAliasPath;

    private YamlAliasBudget(YamlComposer.Document document) {
        this.document = document;
    }

    /** Empty when yaml.v3 decodes the document; otherwise why docker refuses it. */
    static java.util.Optional<Excess> check(YamlComposer.Document document) {
        YamlAliasBudget budget = new YamlAliasBudget(document);
        try {
            budget.step(); // the document node
            budget.value(document.root(), KeyPath.ROOT, 0);
            return java.util.Optional.empty();
        } catch (Stop stop) {
            return java.util.Optional.of(stop.excess);
        }
    }

    /** yaml.v3's allowedAliasRatio. */
    static double allowedAliasRatio(long decodeCount) {
        if (decodeCount <= RATIO_RANGE_LOW) {
            return 0.99;
        }
        if (decodeCount >= RATIO_RANGE_HIGH) {
            return 0.10;
        }
        return 0.99 - 0.89 * ((double) (decodeCount - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
    }

    /** One call of yaml.v3's decoder.unmarshal. */
    private void step() {
        decodes++;
        if (aliasDepth > 0) {
            aliasDecodes++;
        }
        if (aliasDecodes > 100 && decodes > 1000 && (double) aliasDecodes / decodes > allowedAliasRatio(decodes)) {
            throw new Stop(new Excess(outermostAlias.getStartMark(), outermostAliasPath.toString(),
                    "document contains excessive aliasing: expanding *" + outermostAlias.getAnchor() + " here makes "
                            + aliasDecodes + " of the " + decodes + " values decoded so far come from aliases, more than"
                            + " docker's YAML reader allows (" + Math.round(allowedAliasRatio(decodes) * 100) + "%)"));
        }
    }

    /** A value at a place where it is written, or an alias to it. */
    private void slot(Node node, AliasEvent alias, KeyPath path, int depth) {
        if (alias == null) {
            value(node, path, depth);
            return;
        }
        step();
        enterAlias(alias, path);
        value(node, path, depth);
        leaveAlias();
    }

    private void enterAlias(AliasEvent alias, KeyPath path) {
        if (aliasDepth++ == 0) {
            outermostAlias = alias;
            outermostAliasPath = path;
        }
    }

    private void leaveAlias() {
        aliasDepth--;
    }

    private void value(Node node, KeyPath path, int depth) {
        step();
        if (node instanceof SequenceNode sequence) {
            checkDepth(node, path, depth + 1);
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                slot(items.get(i), document.alias(node, i), path.item(i), depth + 1);
            }
        } else if (node instanceof MappingNode mapping) {
            checkDepth(node, path, depth + 1);
            mapping(mapping, null, path, depth + 1);
        }
    }

    /** Deeper than docker reads; said at the alias that makes it so (the text alone is checked when composed). */
    private void checkDepth(Node node, KeyPath path, int depth) {
        if (depth > ComposeLimits.MAX_NESTING) {
            boolean aliased = aliasDepth > 0;
            throw new Stop(new Excess(aliased ? outermostAlias.getStartMark() : node.getStartMark(),
                    (aliased ? outermostAliasPath : path).abbreviated(), "nested more than " + ComposeLimits.MAX_NESTING
                    + " levels deep" + (aliased ? " once *" + outermostAlias.getAnchor() + " is expanded here" : "")
                    + " (docker's limit: \"exceeded max depth\")"));
        }
    }

    /**
     * yaml.v3's decoder.mapping: keys and values in order, the merge key's value last; {@code merged} is
     * the set of keys already set when this mapping is itself merged into another (its values are then
     * skipped for those keys).
     */
    private void mapping(MappingNode mapping, Set<Object> merged, KeyPath path, int depth) {
        List<NodeTuple> pairs = mapping.getValue();
        if (hasDuplicateKeys(pairs)) {
            return; // yaml.v3 refuses the mapping before decoding any of it
        }
        int mergeAt = -1;
        for (int i = 0; i < pairs.size(); i++) {
            NodeTuple pair = pairs.get(i);
            if (isMerge(pair.getKeyNode())) {
                mergeAt = i;
                continue;
            }
            key(mapping, i, path, depth);
            if (merged != null && !merged.add(identity(pair.getKeyNode()))) {
                continue;
            }
            String shown = pair.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
            slot(pair.getValueNode(), document.alias(mapping, 2 * i + 1), path.child(shown), depth);
        }
        if (mergeAt >= 0) {
            merge(mapping, mergeAt, merged, path, depth);
        }
    }

    /** yaml.v3's decoder.merge. */
    private void merge(MappingNode parent, int mergeAt, Set<Object> merged, KeyPath path, int depth) {
        Set<Object> keys = merged;
        if (keys == null) {
            keys = new HashSet<>();
            for (int i = 0; i < parent.getValue().size(); i++) {
                key(parent, i, path, depth);
                keys.add(identity(parent.getValue().get(i).getKeyNode()));
            }
        }
        Node value = parent.getValue().get(mergeAt).getValueNode();
        AliasEvent alias = document.alias(parent, 2 * mergeAt + 1);
        if (alias != null || value instanceof MappingNode) {
            mergedMapping(value, alias, keys, path, depth);
        } else if (value instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                mergedMapping(sequence.getValue().get(i), document.alias(sequence, i), keys, path, depth);
            }
        }
    }

    private void mergedMapping(Node node, AliasEvent alias, Set<Object> keys, KeyPath path, int depth) {
        if (!(node instanceof MappingNode mapping)) {
            return; // "map merge requires map or sequence of maps as the value": refused when read
        }
        if (alias != null) {
            step();
            enterAlias(alias, path);
        }
        step();
        mapping(mapping, keys, path, depth);
        if (alias != null) {
            leaveAlias();
        }
    }

    /** Decodes the key of the i-th pair. */
    private void key(MappingNode mapping, int i, KeyPath path, int depth) {
        slot(mapping.getValue().get(i).getKeyNode(), document.alias(mapping, 2 * i), path, depth);
    }

    /** A key as yaml.v3 compares it with the keys already set: its resolved type and text. */
    private static Object identity(Node key) {
        return key instanceof ScalarNode scalar ? scalar.getTag().getValue() + ":" + scalar.getValue() : key;
    }

    private static boolean hasDuplicateKeys(List<NodeTuple> pairs) {
        Set<String> seen = new HashSet<>();
        for (NodeTuple pair : pairs) {
            if (pair.getKeyNode() instanceof ScalarNode scalar && !seen.add(scalar.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMerge(Node key) {
        return key instanceof ScalarNode scalar && key.getTag().equals(Tag.MERGE) && scalar.getValue().equals("<<");
    }
}
