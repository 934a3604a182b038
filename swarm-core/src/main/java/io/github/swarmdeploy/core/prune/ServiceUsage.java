package io.github.swarmdeploy.core.prune;

import java.util.Objects;

/**
 * What a service points at in its current spec and in its previous spec, the one
 * {@code docker service rollback} returns to ({@link SpecReferences#NONE} when it has none).
 */
public record ServiceUsage(String service, SpecReferences current, SpecReferences previous) {

    public ServiceUsage {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
    }
}
