package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.event.EventListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The registry credentials of a docker CLI {@code config.json} (or of GitLab's {@code DOCKER_AUTH_CONFIG}, which holds
 * the same JSON), found as the docker CLI finds them: the credential helper {@code credHelpers} names for the
 * registry, else the one {@code credsStore} names for every registry, else the {@code auths} entry of the registry
 * ({@code auth}: base64 of {@code user:password}, or {@code username} and {@code password}).
 */
final class DockerConfig {

    private final JsonNode root;
    private final String source;

    private DockerConfig(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /** The config in {@code json}; empty, with a warning naming {@code source}, when it is not a JSON object. */
    static Optional<DockerConfig> parse(String json, String source, EventListener events) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            if (root != null && root.isObject()) {
                return Optional.of(new DockerConfig(root, source));
            }
        } catch (IOException e) {
            // said below, without the content (it holds passwords)
        }
        events.warn("Ignoring " + source + ": it is not a JSON object like the docker CLI's config.json");
        return Optional.empty();
    }

    /** The credentials this config has for {@code registryHost}, asking its credential helper when it names one. */
    Optional<RegistryCredentials> find(String registryHost, CredentialHelper helpers, EventListener events) {
        String address = ImageName.registryAddress(registryHost);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("credHelpers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> helper = it.next();
            if (RegistryAuthLookup.normaliseHost(helper.getKey()).equals(registryHost) && !helper.getValue().asText("").isBlank()) {
                return helpers.get(helper.getValue().asText().strip(), address,
                        source + " credHelpers '" + helper.getKey() + "'");
            }
        }
        String store = root.path("credsStore").asText("");
        if (!store.isBlank()) {
            return helpers.get(store.strip(), address, source + " credsStore");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (RegistryAuthLookup.normaliseHost(entry.getKey()).equals(registryHost)) {
                Optional<RegistryCredentials> found = decode(entry.getValue(), source + " auths '" + entry.getKey() + "'", events);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<RegistryCredentials> decode(JsonNode auth, String source, EventListener events) {
        String encoded = auth.path("auth").asText("");
        if (!encoded.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                events.warn("Ignoring " + source + ": its 'auth' is not base64");
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                events.warn("Ignoring " + source + ": its 'auth' is not 'user:password'");
                return Optional.empty();
            }
            return Optional.of(new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1), source));
        }
        String user = auth.path("username").asText("");
        String secret = auth.path("password").asText("");
        if (!user.isEmpty() && !secret.isEmpty()) {
            return Optional.of(new RegistryCredentials(user, secret, source));
        }
        return Optional.empty();
    }
}
