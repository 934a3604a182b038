package io.github.swarmdeploy.core.compose.model;

import java.util.Optional;

/** {@code deploy.resources:}. */
public record Resources(
        Optional<ResourceLimit> limits,
        Optional<Resource> reservations) {

    public Resources {
        limits = Defaults.optional(limits);
        reservations = Defaults.optional(reservations);
    }
}
