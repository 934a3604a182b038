package io.github.swarmdeploy.core.compose.model;

/** One published port in long syntax (short syntax is expanded by the loader). {@code published} 0 means not published. */
@ComposeStruct(mergeKey = "published")
public record ServicePortConfig(
        String mode,
        long target,
        long published,
        String protocol) {

    public ServicePortConfig {
        mode = Defaults.orEmpty(mode);
        protocol = Defaults.orEmpty(protocol);
    }
}
