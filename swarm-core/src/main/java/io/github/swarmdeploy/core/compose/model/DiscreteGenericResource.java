package io.github.swarmdeploy.core.compose.model;

/** {@code discrete_resource_spec:}, e.g. {@code kind: gpu, value: 2}. */
public record DiscreteGenericResource(
        String kind,
        long value) {

    public DiscreteGenericResource {
        kind = Defaults.orEmpty(kind);
    }
}
