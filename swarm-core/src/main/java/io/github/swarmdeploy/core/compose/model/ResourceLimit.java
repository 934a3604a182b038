package io.github.swarmdeploy.core.compose.model;

/** {@code deploy.resources.limits:}; {@code nanoCpus} is the text as written (e.g. {@code "0.5"}), memory in bytes. */
public record ResourceLimit(
        @ComposeKey(value = "cpus", form = ComposeKey.Form.NANO_CPUS) String nanoCpus,
        @ComposeKey(value = "memory", form = ComposeKey.Form.UNIT_BYTES) long memoryBytes,
        long pids) {

    public ResourceLimit {
        nanoCpus = Defaults.orEmpty(nanoCpus);
    }
}
