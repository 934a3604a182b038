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
        return id(configs, "config", name);
    }

    /** docker's message when a referenced secret is missing: {@code secret not found: <name>}. */
    public String secretId(String name) {
        return id(secrets, "secret", name);
    }

    private static String id(Map<String, String> ids, String kind, String name) {
        Objects.requireNonNull(name, "name");
        String id = ids.get(name);
        if (id == null) {
            throw new SwarmDeployException(kind + " not found: " + name);
        }
        return id;
    }
}
