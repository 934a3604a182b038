package io.github.swarmdeploy.core.compose.model;

import java.util.List;

/** {@code deploy.resources.reservations:}. */
public record Resource(
        @ComposeKey(value = "cpus", form = ComposeKey.Form.NANO_CPUS) String nanoCpus,
        @ComposeKey(value = "memory", form = ComposeKey.Form.UNIT_BYTES) long memoryBytes,
        List<GenericResource> genericResources) {

    public Resource {
        nanoCpus = Defaults.orEmpty(nanoCpus);
        genericResources = Defaults.list(genericResources);
    }
}
