package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Brings a service spec to one canonical form, so that a spec as this tool would send it and the spec the
 * engine reports for a running service compare equal when they mean the same thing:
 * <ul>
 *   <li>what the engine omits is dropped: null, empty strings, empty lists and objects, false booleans and
 *       zero numbers (except under {@code Mode}, where {@code "Global": {}} is the mode);</li>
 *   <li>values the daemon fills in when none is sent are dropped: {@code Isolation: default},
 *       {@code Runtime: container}, port {@code Protocol: tcp} and {@code PublishMode: ingress},
 *       {@code EndpointSpec.Mode: vip}, a restart policy's {@code Condition: any};</li>
 *   <li>a replicated mode without a count runs one task, a replicated job without counts runs one task at a
 *       time to as many completions, as Swarm does;</li>
 *   <li>what Swarm does not keep is dropped: a mount's {@code Consistency}, fields the engine's API version
 *       predates ({@link EngineFeatures}); a mount sent without a type is the bind mount Swarm stores;</li>
 *   <li>{@code ForceUpdate} is ignored: a deploy keeps the service's counter;</li>
 *   <li>network attachments name networks, not IDs; config and secret references name objects, not IDs (a
 *       credential spec's config ID is covered by its Runtime config reference);</li>
 *   <li>lists whose order means nothing are sorted (environment, constraints, networks, mounts, ports,
 *       configs, secrets).</li>
 * </ul>
 */
public final class SpecNormalizer {

    private static final Set<String> KEEP_EMPTY_UNDER = Set.of("Mode");
    /** Fields the engine reports even when zero (Go pointers): zero is not the same as absent. */
    private static final Set<String> KEEP_ZERO = Set.of("Replicas", "MaxConcurrent", "TotalCompletions");

    private final UnaryOperator<String> networkName;
    private final EngineFeatures features;

    /**
     * @param networkName the name of the network with a given ID (or the argument itself when unknown)
     * @param features    what the engine knows: fields it would ignore are not compared
     */
    public SpecNormalizer(UnaryOperator<String> networkName, EngineFeatures features) {
        this.networkName = networkName;
        this.features = features;
    }

    /** A normalised copy; the argument is not changed. */
    public ObjectNode normalize(JsonNode spec) {
        ObjectNode copy = spec == null || !spec.isObject() ? JsonNodeFactory.instance.objectNode() : spec.deepCopy();
        features.strip(copy);
        ObjectNode task = objectAt(copy, "TaskTemplate");
        if (task != null) {
            task.remove("ForceUpdate");
            removeIfText(task, "Runtime", "container");
            ObjectNode container = objectAt(task, "ContainerSpec");
            if (container != null) {
                removeIfText(container, "Isolation", "default");
                sortTexts(container, "Env");
                for (String field : List.of("Secrets", "Configs")) {
                    ArrayNode references = arrayAt(container, field);
                    if (references != null) {
                        String idField = field.equals("Secrets") ? "SecretID" : "ConfigID";
                        references.forEach(reference -> ((ObjectNode) reference).remove(idField));
                        sortBy(references, SpecNormalizer::referenceKey);
                    }
                }
                ArrayNode mounts = arrayAt(container, "Mounts");
                if (mounts != null) {
                    for (JsonNode mount : mounts) {
                        ((ObjectNode) mount).remove("Consistency"); // Swarm does not keep it
                        // no type (a long-syntax `type: ""`, e.g. an unset ${TYPE}): Swarm's mount type enum
                        // starts at bind, so the engine reports the mount as a bind mount
                        if (mount.path("Type").asText().isEmpty()) {
                            ((ObjectNode) mount).put("Type", "bind");
                        }
                    }
                    sortBy(mounts, mount -> mount.path("Target").asText());
                }
                ObjectNode credentialSpec = objectAt(objectAt(container, "Privileges"), "CredentialSpec");
                if (credentialSpec != null) {
                    // a config ID; the config itself is compared as the Runtime entry of Configs, by name
                    credentialSpec.remove("Config");
                }
            }
            ArrayNode networks = arrayAt(task, "Networks");
            if (networks != null) {
                for (JsonNode network : networks) {
                    ObjectNode attachment = (ObjectNode) network;
                    attachment.put("Target", networkName.apply(attachment.path("Target").asText()));
                    sortTexts(attachment, "Aliases");
                }
                sortBy(networks, network -> network.path("Target").asText());
            }
            ObjectNode restartPolicy = objectAt(task, "RestartPolicy");
            if (restartPolicy != null) {
                // the engine stores a policy without a condition as "any" (restart_policy with only delay:)
                removeIfText(restartPolicy, "Condition", "any");
            }
            ObjectNode placement = objectAt(task, "Placement");
            if (placement != null) {
                sortTexts(placement, "Constraints");
            }
        }
        for (String field : List.of("UpdateConfig", "RollbackConfig")) {
            ObjectNode update = objectAt(copy, field);
            if (update != null) {
                // what Swarm fills in for a partial update config
                removeIfText(update, "Order", "stop-first");
                removeIfText(update, "FailureAction", "pause");
            }
        }
        copy.remove("Networks"); // the deprecated top-level field; the engine moves it into TaskTemplate
        ObjectNode replicated = objectAt(objectAt(copy, "Mode"), "Replicated");
        if (replicated != null && !hasNumber(replicated, "Replicas")) {
            replicated.put("Replicas", 1); // what Swarm runs when no count is sent
        }
        ObjectNode job = objectAt(objectAt(copy, "Mode"), "ReplicatedJob");
        if (job != null) {
            // Swarm's defaults: one task at a time, as many completions as concurrent tasks
            if (!hasNumber(job, "MaxConcurrent")) {
                job.put("MaxConcurrent", 1);
            }
            if (!hasNumber(job, "TotalCompletions")) {
                job.set("TotalCompletions", job.get("MaxConcurrent"));
            }
        }
        ObjectNode endpoint = objectAt(copy, "EndpointSpec");
        if (endpoint != null) {
            removeIfText(endpoint, "Mode", "vip");
            ArrayNode ports = arrayAt(endpoint, "Ports");
            if (ports != null) {
                for (JsonNode port : ports) {
                    removeIfText((ObjectNode) port, "Protocol", "tcp");
                    removeIfText((ObjectNode) port, "PublishMode", "ingress");
                }
                sortBy(ports, port -> String.format("%08d/%08d/%s/%s", port.path("PublishedPort").asInt(),
                        port.path("TargetPort").asInt(), port.path("Protocol").asText(), port.path("PublishMode").asText()));
            }
        }
        prune(copy, false);
        return copy;
    }

    private static String referenceKey(JsonNode reference) {
        return reference.path("File").path("Name").asText() + "\u0000"
                + reference.path("SecretName").asText() + reference.path("ConfigName").asText();
    }

    /**
     * Drops what the engine would not report (Go's omitempty); returns whether the node is now empty. Under
     * {@code Mode} nothing is dropped: {@code "Global": {}} and {@code "Replicas": 0} are the mode.
     */
    private static boolean prune(JsonNode node, boolean insideMode) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<String> numbers = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean mode = insideMode || KEEP_EMPTY_UNDER.contains(field.getKey());
                JsonNode value = field.getValue();
                if (value.isNull() || value.isMissingNode()) {
                    fields.remove();
                } else if (value.isContainerNode()) {
                    if (prune(value, mode) && !mode) {
                        fields.remove();
                    }
                } else if (!mode && isNothing(field.getKey(), value)) {
                    fields.remove();
                } else if (value.isNumber()) {
                    numbers.add(field.getKey());
                }
            }
            numbers.forEach(field -> object.set(field, canonicalNumber(object.get(field))));
            return object.isEmpty();
        }
        ArrayNode array = (ArrayNode) node;
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode element = array.get(i);
            if (element.isNull()) {
                array.remove(i);
            } else if (element.isContainerNode()) {
                prune(element, insideMode);
            } else if (element.isNumber()) {
                array.set(i, canonicalNumber(element));
            }
        }
        return array.isEmpty();
    }

    /**
     * {@code 292} read as an int and {@code 292} written from a long are the same number; so are the float
     * {@code 0.3f} docker-java writes ({@code 0.30000001192092896}) and the {@code 0.3} the engine reports.
     */
    private static JsonNode canonicalNumber(JsonNode number) {
        if (number.canConvertToExactIntegral()) {
            return JsonNodeFactory.instance.numberNode(number.longValue());
        }
        return JsonNodeFactory.instance.numberNode(Double.parseDouble(Float.toString((float) number.doubleValue())));
    }

    private static boolean isNothing(String field, JsonNode value) {
        return (value.isTextual() && value.asText().isEmpty())
                || (value.isBoolean() && !value.asBoolean())
                || (value.isNumber() && value.asDouble() == 0 && !KEEP_ZERO.contains(field));
    }

    private static ObjectNode objectAt(ObjectNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node instanceof ObjectNode object ? object : null;
    }

    private static ArrayNode arrayAt(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        return node instanceof ArrayNode array ? array : null;
    }

    private static boolean hasNumber(ObjectNode node, String field) {
        return node.path(field).isNumber();
    }

    private static void removeIfText(ObjectNode node, String field, String value) {
        if (node.path(field).isTextual() && node.path(field).asText().equals(value)) {
            node.remove(field);
        }
    }

    private static void sortTexts(ObjectNode parent, String field) {
        ArrayNode array = arrayAt(parent, field);
        if (array != null) {
            sortBy(array, JsonNode::asText);
        }
    }

    private static void sortBy(ArrayNode array, java.util.function.Function<JsonNode, String> key) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        elements.sort(Comparator.comparing(key));
        array.removeAll();
        array.addAll(elements);
    }
}
