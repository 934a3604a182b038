package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Create-request bodies of one deployment by kind and name, normalised so that docker's Go encoding and
 * docker-java's compare equal exactly when the engine would read them alike:
 * <ul>
 *   <li>Go leaves out empty values of {@code omitempty} fields and writes zero values of the others; docker-java
 *       writes null for unset fields and 0 for its few primitive fields. So null, false, 0, "", [] and {}
 *       are dropped — except where the engine tells a zero from an absent value (pointers in Go: replicas,
 *       job counts, max attempts, restart delay/window, parallelism, init, stop grace period) and the empty
 *       objects that select a mode or target ({@code Replicated}, {@code Global}, {@code ReplicatedJob},
 *       {@code GlobalJob}, {@code Runtime}, {@code ClusterOptions});</li>
 *   <li>config and secret IDs (and a credential spec's config ID) differ per deployment: the read-back
 *       comparison checks what they point to, here they become a placeholder.</li>
 * </ul>
 */
public final class SentRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ZERO_MEANS_SOMETHING = Set.of("Replicas", "MaxConcurrent", "TotalCompletions",
            "MaxAttempts", "Delay", "Window", "Parallelism", "Init", "StopGracePeriod");
    private static final Set<String> EMPTY_MEANS_SOMETHING = Set.of("Replicated", "Global", "ReplicatedJob",
            "GlobalJob", "Runtime", "ClusterOptions");
    private static final Set<String> IDS = Set.of("ConfigID", "SecretID");

    private SentRequests() {
    }

    /** One create request as sent: what is created ({@code services}, {@code networks}, …) and the body. */
    public record Sent(String kind, JsonNode body) {
    }

    /** {@code {kind: {name: body}}}, names and strings with the replacements applied. */
    public static ObjectNode byKindAndName(List<Sent> sent, Map<String, String> replacements) {
        ObjectNode result = NODES.objectNode();
        for (Sent request : sent) {
            JsonNode body = SwarmSnapshot.replace(normalise(reparsed(request.body()), ""), replacements);
            ObjectNode kind = result.has(request.kind()) ? (ObjectNode) result.get(request.kind())
                    : result.putObject(request.kind());
            kind.set(body.path("Name").asText(), body);
        }
        return result;
    }

    /** The create requests among the recorded ones (docker's paths carry an API version: /v1.41/services/create). */
    public static List<Sent> creates(List<RecordingProxy.Request> requests) {
        List<Sent> creates = new ArrayList<>();
        for (RecordingProxy.Request request : requests) {
            String path = request.path().replaceFirst("^/v[0-9.]+", "").replaceFirst("\\?.*$", "");
            if (request.method().equals("POST") && path.matches("/(services|networks|configs|secrets)/create")) {
                try {
                    creates.add(new Sent(path.split("/")[1], JSON.readTree(request.body())));
                } catch (IOException e) {
                    throw new UncheckedIOException("unreadable request body of " + request.path(), e);
                }
            }
        }
        return creates;
    }

    /** Through text, as the engine sees it: a docker-java Float 0.3 and Go's float32 0.3 both read as 0.3. */
    private static JsonNode reparsed(JsonNode body) {
        try {
            return JSON.readTree(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode normalise(JsonNode node, String key) {
        if (node instanceof ObjectNode object) {
            ObjectNode result = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = normalise(field.getValue(), field.getKey());
                if (IDS.contains(field.getKey()) || (key.equals("CredentialSpec") && field.getKey().equals("Config")
                        && !value.asText("").isEmpty())) {
                    value = NODES.textNode("<id>");
                }
                if (!isAbsent(field.getKey(), value)) {
                    result.set(field.getKey(), value);
                }
            }
            return result;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode result = NODES.arrayNode();
            array.forEach(element -> result.add(normalise(element, key)));
            return result;
        }
        return node;
    }

    private static boolean isAbsent(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isContainerNode() && value.isEmpty()) {
            return !(value.isObject() && EMPTY_MEANS_SOMETHING.contains(key));
        }
        boolean zero = value.isBoolean() && !value.asBoolean() || value.isNumber() && value.asDouble() == 0
                || value.isTextual() && value.asText().isEmpty();
        return zero && !ZERO_MEANS_SOMETHING.contains(key);
    }
}
