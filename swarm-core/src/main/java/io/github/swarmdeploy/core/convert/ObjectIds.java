package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.Map;
import java.util.Objects;

/**
 * The IDs of configs and secrets by Swarm name, as a deployer finds them after creating or looking up the
 * objects (docker's CLI lists them by name before creating services). Service specs refer to configs and
 * secrets by ID; see {@link DesiredService#specWith(ObjectIds)}.
 *
 * @param configs config ID by config name
 * @param secrets secret ID by secret name
 */
public record ObjectIds(Map<String, String> configs, Map<String, String> secrets) {

    public ObjectIds {
        configs = Map.copyOf(configs);
        secrets = Map.copyOf(secrets);
    }

    /** docker's message when a referenced config is missing: {@code config not found: <name>}. */
    public String configId(String name) {
        Objects.requireNonNull(name, "name");
        String id = configs.get(name);
        if (id == null) {
            throw new SwarmDeployException("config not found: " + name);
        }
        return id;
    }

    /** docker's message when a referenced secret is missing: {@code secret not found: <name>}. */
    public String secretId(String name) {
        Objects.requireNonNull(name, "name");
        String id = secrets.get(name);
        if (id == null) {
            throw new SwarmDeployException("secret not found: " + name);
        }
        return id;
    }
}
