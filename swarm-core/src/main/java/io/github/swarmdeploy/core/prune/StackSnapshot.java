package io.github.swarmdeploy.core.prune;

import java.util.List;
import java.util.Objects;

/**
 * Everything a prune decision needs, read at one moment: the configs, secrets and networks labelled with
 * the stack's namespace, and what every service in the swarm (of any stack) points at.
 */
public record StackSnapshot(String stack, List<StackObject> objects, List<ServiceUsage> services) {

    public StackSnapshot {
        Objects.requireNonNull(stack, "stack");
        objects = List.copyOf(objects);
        services = List.copyOf(services);
    }
}
