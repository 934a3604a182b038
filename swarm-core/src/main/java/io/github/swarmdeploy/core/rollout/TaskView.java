package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/** The parts of an Engine API task ({@code GET /tasks}) the watcher decides on. */
record TaskView(String id, int slot, String nodeId, TaskState state, TaskState desiredState, String error,
                String message, int exitCode, Instant createdAt, Instant statusAt, OptionalLong jobIteration, String image) {

    static TaskView of(JsonNode task) {
        JsonNode status = task.path("Status");
        JsonNode iteration = task.path("JobIteration").path("Index");
        return new TaskView(
                task.path("ID").asText(""),
                task.path("Slot").asInt(0),
                task.path("NodeID").asText(""),
                TaskState.of(status.path("State").asText(null)),
                TaskState.of(task.path("DesiredState").asText(null)),
                RolloutText.oneLine(status.path("Err").asText("")),
                RolloutText.oneLine(status.path("Message").asText("")),
                status.path("ContainerStatus").path("ExitCode").asInt(0),
                instant(task.path("CreatedAt")),
                instant(status.path("Timestamp")),
                iteration.isNumber() ? OptionalLong.of(iteration.asLong()) : OptionalLong.empty(),
                task.path("Spec").path("ContainerSpec").path("Image").asText(""));
    }

    /** Desired to run (or to be ready to run after a restart delay) and not yet ended. */
    boolean isActive() {
        return state.isActive() && desiredState.compareTo(TaskState.RUNNING) <= 0;
    }

    /** Up and meant to stay up: what docker's progress code counts as running. */
    boolean isRunning() {
        return state == TaskState.RUNNING && desiredState.compareTo(TaskState.RUNNING) <= 0;
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

    static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
