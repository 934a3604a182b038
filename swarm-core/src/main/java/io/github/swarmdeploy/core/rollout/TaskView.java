package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.SwarmTask;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** The parts of an Engine API task ({@code GET /tasks}) the watcher decides on. */
record TaskView(String id, int slot, String nodeId, TaskState state, TaskState desiredState, String error,
                String message, int exitCode, Instant createdAt, Instant statusAt, OptionalLong jobIteration, String image) {

    static TaskView of(SwarmTask task) {
        return new TaskView(
                task.id(),
                task.slot(),
                task.nodeId(),
                TaskState.of(task.state()),
                TaskState.of(task.desiredState()),
                RolloutText.oneLine(task.error()),
                RolloutText.oneLine(task.message()),
                task.exitCode(),
                task.createdAt().orElse(Instant.EPOCH),
                task.statusAt().orElse(Instant.EPOCH),
                task.jobIteration(),
                task.image());
    }

    /** Desired to run (or to be ready to run after a restart delay) and not yet ended. */
    boolean isActive() {
        return state.isActive() && desiredState.compareTo(TaskState.RUNNING) <= 0;
    }

    /** Up and meant to stay up: what docker's progress code counts as running. */
    boolean isRunning() {
        return state == TaskState.RUNNING && desiredState.compareTo(TaskState.RUNNING) <= 0;
    }

    /**
     * Its container was started and it is meant to stay up: state starting (a task with a healthcheck stays there
     * until it is healthy) or running. Compose's "started".
     */
    boolean hasStarted() {
        return (state == TaskState.STARTING || state == TaskState.RUNNING) && desiredState.compareTo(TaskState.RUNNING) <= 0;
    }

    Optional<String> errorText() {
        return error.isEmpty() ? Optional.empty() : Optional.of(error);
    }

    /**
     * What ended this task: its error, or, when Swarm recorded none (a container that exited 0 when Swarm
     * stopped it for failing its healthcheck, say), its final state, message and exit code.
     */
    Optional<String> endText() {
        if (!error.isEmpty()) {
            return Optional.of(error);
        }
        if (state.isActive() || !state.isRanked()) {
            return Optional.empty();
        }
        return Optional.of("task " + id + " ended " + state.text() + (message.isEmpty() ? "" : " (" + message + ")")
                + " with exit code " + exitCode);
    }

    boolean belongsTo(OptionalLong iteration) {
        return iteration.isPresent() && jobIteration.isPresent()
                && iteration.getAsLong() == jobIteration.getAsLong();
    }
}
