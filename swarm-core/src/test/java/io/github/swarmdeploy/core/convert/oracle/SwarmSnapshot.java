package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineJson;
import io.github.swarmdeploy.core.naming.StackLabels;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.swarmdeploy.core.engine.EngineConnection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Swarm objects of one stack as the engine reports them (raw Engine API JSON: {@code GET /services},
 * {@code /networks}, {@code /configs}, {@code /secrets} filtered by {@code com.docker.stack.namespace}),
 * normalised so that two deployments of the same file under different stack names compare equal exactly
 * when their specs are the same:
 * <ul>
 *   <li>only specs are kept: no IDs, versions, timestamps, task/endpoint state;</li>
 *   <li>references by ID (network targets, config/secret IDs, a credential spec's config) become the
 *       referenced object's name, so a wrong reference still shows;</li>
 *   <li>values the engine allocates by itself are masked: subnets/gateways from the default 10.0.0.0/8 pool,
 *       the overlay VXLAN id;</li>
 *   <li>given strings (the stack name, a run token) are replaced by placeholders everywhere.</li>
 * </ul>
 * Nothing else is dropped or reordered: list order and every field the engine returns are compared.
 */
public final class SwarmSnapshot {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern AUTO_ADDRESS = Pattern.compile("10\\.\\d+\\.\\d+\\.\\d+(/\\d+)?");
    private static final String VXLAN_IDS = "com.docker.network.driver.overlay.vxlanid_list";

    private SwarmSnapshot() {
    }

    /**
     * {@code {"services": {name: spec}, "networks": {name: network}, "configs": {name: spec},
     * "secrets": {name: spec}}} of the stack, normalised, names and strings with {@code replacements} applied
     * (longest first).
     */
    public static ObjectNode read(EngineConnection engine, String stack, Map<String, String> replacements) {
        String filter = "?filters=" + URLEncoder.encode("{\"label\":[\"com.docker.stack.namespace=" + stack + "\"]}",
                StandardCharsets.UTF_8);
        Map<String, String> networkNames = namesById(engine.fetchJson("/networks"), "Id", "Name");
        Map<String, String> configNames = namesById(engine.fetchJson("/configs"), "ID", "Spec.Name");
        Map<String, String> secretNames = namesById(engine.fetchJson("/secrets"), "ID", "Spec.Name");

        ObjectNode snapshot = NODES.objectNode();
        ObjectNode services = snapshot.putObject("services");
        for (JsonNode service : engine.fetchJson("/services" + filter)) {
            ObjectNode spec = service.path("Spec").deepCopy();
            resolveReferences(spec, networkNames, configNames, secretNames);
            services.set(spec.path("Name").asText(), spec);
        }
        ObjectNode networks = snapshot.putObject("networks");
        for (JsonNode network : engine.fetchJson("/networks" + filter)) {
            networks.set(network.path("Name").asText(), network(network));
        }
        ObjectNode configs = snapshot.putObject("configs");
        for (JsonNode config : engine.fetchJson("/configs" + filter)) {
            if (StackLabels.isBookkeeping(EngineJson.textMap(config.path("Spec").path("Labels")))) {
                continue; // the key our deploy keeps for naming secret versions: not an object of the stack
            }
            configs.set(config.path("Spec").path("Name").asText(), config.path("Spec").deepCopy());
        }
        ObjectNode secrets = snapshot.putObject("secrets");
        for (JsonNode secret : engine.fetchJson("/secrets" + filter)) {
            secrets.set(secret.path("Spec").path("Name").asText(), secret.path("Spec").deepCopy());
        }
        return (ObjectNode) replace(sortKeys(snapshot), replacements);
    }

    private static Map<String, String> namesById(JsonNode objects, String idField, String namePath) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode object : objects) {
            JsonNode name = object;
            for (String part : namePath.split("\\.")) {
                name = name.path(part);
            }
            names.put(object.path(idField).asText(), name.asText());
        }
        return names;
    }

    private static void resolveReferences(ObjectNode spec, Map<String, String> networks, Map<String, String> configs,
                                          Map<String, String> secrets) {
        for (JsonNode attachments : List.of(spec.path("TaskTemplate").path("Networks"), spec.path("Networks"))) {
            for (JsonNode attachment : attachments) {
                renameReference((ObjectNode) attachment, "Target", networks);
            }
        }
        JsonNode container = spec.path("TaskTemplate").path("ContainerSpec");
        for (JsonNode config : container.path("Configs")) {
            renameReference((ObjectNode) config, "ConfigID", configs);
        }
        for (JsonNode secret : container.path("Secrets")) {
            renameReference((ObjectNode) secret, "SecretID", secrets);
        }
        if (container.path("Privileges").path("CredentialSpec") instanceof ObjectNode credentialSpec) {
            renameReference(credentialSpec, "Config", configs);
        }
    }

    /** An ID becomes {@code id-of:<name>}; an ID of nothing known stays visible as {@code unknown-id}. */
    private static void renameReference(ObjectNode holder, String field, Map<String, String> names) {
        String id = holder.path(field).asText("");
        if (!id.isEmpty()) {
            String name = names.get(id);
            holder.put(field, name == null ? "unknown-id" : "id-of:" + name);
        }
    }

    private static ObjectNode network(JsonNode network) {
        ObjectNode copy = network.deepCopy();
        copy.remove(List.of("Id", "Created", "Containers", "Peers"));
        for (JsonNode pool : copy.path("IPAM").path("Config")) {
            ObjectNode entry = (ObjectNode) pool;
            for (String field : List.of("Subnet", "Gateway")) {
                if (AUTO_ADDRESS.matcher(entry.path(field).asText("")).matches()) {
                    entry.put(field, "<allocated>");
                }
            }
        }
        if (copy.path("Options").has(VXLAN_IDS)) {
            ((ObjectNode) copy.path("Options")).put(VXLAN_IDS, "<allocated>");
        }
        return copy;
    }

    /** Objects with sorted keys, so that printed snapshots of both sides line up. */
    private static JsonNode sortKeys(JsonNode node) {
        if (node instanceof ObjectNode object) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            object.fields().forEachRemaining(field -> sorted.put(field.getKey(), sortKeys(field.getValue())));
            ObjectNode result = NODES.objectNode();
            sorted.forEach(result::set);
            return result;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode result = NODES.arrayNode();
            array.forEach(element -> result.add(sortKeys(element)));
            return result;
        }
        return node;
    }

    /** Every string value and key with the replacements applied, longest search string first. */
    public static JsonNode replace(JsonNode node, Map<String, String> replacements) {
        List<Map.Entry<String, String>> ordered = new ArrayList<>(replacements.entrySet());
        ordered.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
        return replaceIn(node, ordered);
    }

    private static JsonNode replaceIn(JsonNode node, List<Map.Entry<String, String>> replacements) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(replaceText(field.getKey(), replacements), replaceIn(field.getValue(), replacements));
            }
            ObjectNode result = NODES.objectNode();
            fields.forEach(result::set);
            return result;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode result = NODES.arrayNode();
            array.forEach(element -> result.add(replaceIn(element, replacements)));
            return result;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(replaceText(node.asText(), replacements));
        }
        return node;
    }

    private static String replaceText(String text, List<Map.Entry<String, String>> replacements) {
        String result = text;
        for (Map.Entry<String, String> replacement : replacements) {
            result = result.replace(replacement.getKey(), replacement.getValue());
        }
        return result;
    }
}
