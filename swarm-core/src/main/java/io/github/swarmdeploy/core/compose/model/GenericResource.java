package io.github.swarmdeploy.core.compose.model;

import java.util.Optional;

/** One of {@code generic_resources:}. */
public record GenericResource(
        Optional<DiscreteGenericResource> discreteResourceSpec) {

    public GenericResource {
        discreteResourceSpec = Defaults.optional(discreteResourceSpec);
    }
}
