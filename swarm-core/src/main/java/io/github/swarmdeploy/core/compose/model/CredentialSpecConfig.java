package io.github.swarmdeploy.core.compose.model;

/** {@code credential_spec:} (Windows). */
public record CredentialSpecConfig(
        String config,
        String file,
        String registry) {

    public CredentialSpecConfig {
        config = Defaults.orEmpty(config);
        file = Defaults.orEmpty(file);
        registry = Defaults.orEmpty(registry);
    }
}
