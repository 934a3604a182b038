package io.github.swarmdeploy.core.engine;

/**
 * What {@code GET /version} says.
 *
 * @param version    the engine's version, e.g. {@code 20.10.24}
 * @param apiVersion its newest API version, e.g. {@code 1.41} ("" when it does not say)
 */
public record EngineVersion(String version, String apiVersion) {
}
