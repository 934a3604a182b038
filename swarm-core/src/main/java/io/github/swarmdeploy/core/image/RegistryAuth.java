package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Credentials for one registry, in the form the Engine API takes them: the {@code X-Registry-Auth} header
 * (base64url of a JSON auth config). {@link #toString()} never shows the password.
 *
 * @param registry the registry host[:port] they are for
 */
public record RegistryAuth(String registry, String username, String password) {

    public static final String HEADER = "X-Registry-Auth";

    private static final ObjectMapper JSON = new ObjectMapper();

    public RegistryAuth {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** The header value: base64url of {@code {"username","password","serveraddress"}}. */
    public String header() {
        ObjectNode config = JSON.createObjectNode()
                .put("username", username)
                .put("password", password)
                .put("serveraddress", registry);
        return Base64.getUrlEncoder().encodeToString(config.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryAuth[" + registry + ", user " + username + "]";
    }
}
