package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RegistryAuthHeaderTest {

    private static JsonNode decode(String header) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(header));
    }

    @Test
    void headerCarriesUserPasswordAndServerAsBase64UrlJson() throws Exception {
        String header = RegistryAuthHeader.encode("registry.example.com:5050",
                Optional.of(new RegistryCredentials("ci-user", "p+a/ss?=", "CI_REGISTRY_USER/CI_REGISTRY_PASSWORD")));

        JsonNode auth = decode(header);
        assertEquals("ci-user", auth.path("username").asText());
        assertEquals("p+a/ss?=", auth.path("password").asText());
        assertEquals("registry.example.com:5050", auth.path("serveraddress").asText());
        assertFalse(header.contains("+") || header.contains("/"), "base64url, safe in a header");
    }

    @Test
    void withoutCredentialsTheHeaderIsAnonymous() throws Exception {
        JsonNode auth = decode(RegistryAuthHeader.encode("https://index.docker.io/v1/", Optional.empty()));
        assertFalse(auth.has("username"));
        assertEquals("https://index.docker.io/v1/", auth.path("serveraddress").asText());
    }

    @Test
    void dockerHubImagesUseTheAddressTheEngineExpects() {
        assertEquals("https://index.docker.io/v1/", ImageReference.parse("library/busybox:1").registryAddress());
        assertEquals("docker.io", ImageReference.parse("busybox").registry());
        assertEquals("127.0.0.1:5000", ImageReference.parse("127.0.0.1:5000/app:1").registryAddress());
    }
}
