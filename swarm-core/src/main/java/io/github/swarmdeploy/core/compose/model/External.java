package io.github.swarmdeploy.core.compose.model;

/**
 * {@code external:} of a network, volume, config or secret. {@code name} is the deprecated
 * {@code external: {name: …}} form ("" when not used).
 */
public record External(boolean external, String name) {

    public static final External NO = new External(false, "");

    public External {
        name = Defaults.orEmpty(name);
    }
}
