package io.github.swarmdeploy.core.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A task as {@code GET /tasks} reports it.
 *
 * @param state        {@code Status.State} ({@code new}, {@code pending}, … {@code running}, {@code failed}…); ""
 *                     when missing
 * @param desiredState {@code DesiredState}; "" when missing
 * @param error        {@code Status.Err}, "" when none
 * @param message      {@code Status.Message}
 * @param exitCode     {@code Status.ContainerStatus.ExitCode}, 0 when none
 * @param statusAt     {@code Status.Timestamp}
 * @param jobIteration {@code JobIteration.Index} of a job's task
 * @param image        {@code Spec.ContainerSpec.Image}
 */
public record SwarmTask(String id, String serviceId, String nodeId, int slot, String state, String desiredState,
                        String error, String message, int exitCode, Optional<Instant> createdAt,
                        Optional<Instant> statusAt, OptionalLong jobIteration, String image) {
}
