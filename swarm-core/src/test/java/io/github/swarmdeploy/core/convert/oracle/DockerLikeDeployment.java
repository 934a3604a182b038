package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.HttpMethod;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.ObjectIds;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates a converted stack with the very requests {@code docker stack deploy} (CLI 28.2 against API 1.41)
 * makes on a fresh stack: networks, then secrets, then configs, then services whose config/secret references
 * carry the IDs looked up by name and whose image is pinned to the registry digest with the image's
 * platforms as placement (docker's default {@code --resolve-image always}). Request bodies are our
 * conversion's objects, serialised by docker-java's mapper.
 */
public final class DockerLikeDeployment {

    private DockerLikeDeployment() {
    }

    /** One create request as sent: what is created ({@code services}, {@code networks}, …) and the body. */
    public record Sent(String kind, JsonNode body) {
    }

    /** Creates the stack; returns every create request's body in the order sent. */
    public static List<Sent> create(EngineConnection engine, DesiredStack stack) {
        List<Sent> sent = new ArrayList<>();
        for (DesiredNetwork network : stack.networks()) {
            if (!network.external()) {
                send(engine, "networks", CreateRequests.network(network), sent);
            }
        }
        Map<String, String> secretIds = new HashMap<>();
        for (DesiredSecret secret : stack.secrets()) {
            secretIds.put(secret.name(), secret.external() ? idByName(engine, "secrets", secret.name())
                    : send(engine, "secrets", CreateRequests.secret(secret), sent).path("ID").asText());
        }
        Map<String, String> configIds = new HashMap<>();
        for (DesiredConfig config : stack.configs()) {
            configIds.put(config.name(), config.external() ? idByName(engine, "configs", config.name())
                    : send(engine, "configs", CreateRequests.config(config), sent).path("ID").asText());
        }
        ObjectIds ids = new ObjectIds(configIds, secretIds);
        for (DesiredService service : stack.services()) {
            ObjectNode spec = service.specWith(ids);
            pinImage(engine, spec);
            send(engine, "services", spec, sent);
        }
        return sent;
    }

    private static JsonNode send(EngineConnection engine, String kind, JsonNode body, List<Sent> sent) {
        sent.add(new Sent(kind, body));
        return engine.sendJson(HttpMethod.POST, "/" + kind + "/create", body);
    }

    private static String idByName(EngineConnection engine, String kind, String name) {
        String filter = URLEncoder.encode("{\"name\":[\"" + name + "\"]}", StandardCharsets.UTF_8);
        for (JsonNode object : engine.fetchJson("/" + kind + "?filters=" + filter)) {
            if (object.path("Spec").path("Name").asText().equals(name)) {
                return object.path("ID").asText();
            }
        }
        throw new IllegalStateException(kind + " not found: " + name);
    }

    /** The Go client's resolveContainerSpecImage: image@digest, and the image's platforms as placement. */
    private static void pinImage(EngineConnection engine, ObjectNode spec) {
        ObjectNode container = (ObjectNode) spec.with("TaskTemplate").with("ContainerSpec");
        String image = container.path("Image").asText();
        JsonNode distribution;
        try {
            distribution = engine.fetchJson("/distribution/" + image + "/json");
        } catch (EngineException e) {
            return; // docker warns and keeps the image as it is
        }
        String digest = distribution.path("Descriptor").path("digest").asText();
        if (!image.contains("@")) {
            container.put("Image", image + "@" + digest);
        }
        com.fasterxml.jackson.databind.node.ArrayNode platforms = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.arrayNode();
        for (JsonNode platform : distribution.path("Platforms")) {
            String architecture = platform.path("architecture").asText("");
            platforms.addObject()
                    .put("Architecture", architecture.toLowerCase(Locale.ROOT).equals("arm") ? "" : architecture)
                    .put("OS", platform.path("os").asText(""));
        }
        if (!platforms.isEmpty()) {
            ((ObjectNode) spec.with("TaskTemplate").with("Placement")).set("Platforms", platforms);
        }
    }
}
