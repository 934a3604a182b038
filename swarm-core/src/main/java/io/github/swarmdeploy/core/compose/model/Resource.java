package io.github.swarmdeploy.core.compose.model;

import java.util.List;

/** {@code deploy.resources.reservations:}. */
public record Resource(
        String nanoCpus,
        long memoryBytes,
        List<GenericResource> genericResources) {

    public Resource {
        nanoCpus = Defaults.orEmpty(nanoCpus);
        genericResources = Defaults.list(genericResources);
    }
}
