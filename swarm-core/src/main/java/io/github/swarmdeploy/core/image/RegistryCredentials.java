package io.github.swarmdeploy.core.image;

import java.util.Objects;

/**
 * A user name and password for one registry, and where they were found (for the log; the values
 * themselves are never shown: {@link #toString()} leaves the password out).
 *
 * @param source e.g. {@code "CI_REGISTRY_USER/CI_REGISTRY_PASSWORD"}
 */
public record RegistryCredentials(String username, String password, String source) {

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=****, source=" + source + "]";
    }
}
