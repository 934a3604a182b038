package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code X-Registry-Auth} header of the Engine API: base64url of a JSON auth config. The engine uses it to
 * push, to look up a digest, and (on service create/update) hands it to the swarm so nodes can pull.
 */
public final class RegistryAuthHeader {

    public static final String NAME = "X-Registry-Auth";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryAuthHeader() {
    }

    /**
     * The header for a registry, with the credentials when there are any (an anonymous header otherwise).
     *
     * @param serverAddress the registry as the engine names it ({@link ImageName#registryAddress()})
     */
    public static String encode(String serverAddress, Optional<RegistryCredentials> credentials) {
        ObjectNode auth = JSON.createObjectNode();
        credentials.ifPresent(found -> auth.put("username", found.username()).put("password", found.password()));
        auth.put("serveraddress", serverAddress);
        return Base64.getUrlEncoder().encodeToString(auth.toString().getBytes(StandardCharsets.UTF_8));
    }
}
