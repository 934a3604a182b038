package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.SwarmService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parts of a service ({@code GET /services/ID}; its spec is Engine API JSON, which has the job modes
 * docker-java 3.5.3 lacks) the watcher decides on.
 */
record ServiceView(String id, String name, Mode mode, long replicas, long totalCompletions,
                   OptionalLong jobIteration, UpdateState updateState, String updateMessage, Duration monitor,
                   String updateFailureAction, String rollbackFailureAction, String updateOrder,
                   String rollbackOrder, List<Integer> hostModePorts, String restartCondition,
                   List<String> constraints, List<Platform> platforms, String image, String previousImage,
                   Instant createdAt, Instant updatedAt, Instant updateStartedAt, Duration stopGracePeriod) {

    /** Swarm's default {@code UpdateConfig.Monitor}, used when the spec leaves it at zero. */
    static final Duration DEFAULT_MONITOR = Duration.ofSeconds(5);
    /** Swarm's default {@code ContainerSpec.StopGracePeriod}: how long a task may take to stop before it is killed. */
    static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);

    enum Mode {
        REPLICATED, GLOBAL, REPLICATED_JOB, GLOBAL_JOB;

        boolean isJob() {
            return this == REPLICATED_JOB || this == GLOBAL_JOB;
        }

        boolean isGlobal() {
            return this == GLOBAL || this == GLOBAL_JOB;
        }
    }

    /** {@code UpdateStatus.State}; NONE when the service has no update status (created, or reset by an update). */
    enum UpdateState {
        NONE, UPDATING, PAUSED, COMPLETED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED, UNKNOWN;

        static UpdateState of(String text) {
            return RolloutText.constant(UpdateState.class, text, NONE, UNKNOWN);
        }

        /** Swarm's updater is still at work: it, not we, decides about failures of its tasks. */
        boolean isInProgress() {
            return this == UPDATING || this == ROLLBACK_STARTED;
        }

        boolean isRollback() {
            return this == ROLLBACK_STARTED || this == ROLLBACK_PAUSED || this == ROLLBACK_COMPLETED;
        }

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Platform(String os, String architecture) {
    }

    static ServiceView of(SwarmService service) {
        JsonNode spec = service.spec();
        JsonNode modeNode = spec.path("Mode");
        Mode mode;
        long replicas = 0;
        long totalCompletions = 0;
        if (modeNode.has("Global")) {
            mode = Mode.GLOBAL;
        } else if (modeNode.has("ReplicatedJob")) {
            mode = Mode.REPLICATED_JOB;
            JsonNode job = modeNode.path("ReplicatedJob");
            long maxConcurrent = job.path("MaxConcurrent").asLong(1);
            // the engine defaults TotalCompletions to MaxConcurrent
            totalCompletions = job.path("TotalCompletions").asLong(maxConcurrent == 0 ? 1 : maxConcurrent);
        } else if (modeNode.has("GlobalJob")) {
            mode = Mode.GLOBAL_JOB;
        } else {
            mode = Mode.REPLICATED;
            // the engine defaults a missing replica count to 1
            replicas = modeNode.path("Replicated").path("Replicas").asLong(1);
        }
        Optional<SwarmService.UpdateStatus> status = service.updateStatus();
        JsonNode task = spec.path("TaskTemplate");
        long monitorNanos = spec.path("UpdateConfig").path("Monitor").asLong(0);
        JsonNode stopGrace = task.path("ContainerSpec").path("StopGracePeriod");
        return new ServiceView(
                service.id(),
                service.name(),
                mode,
                replicas,
                totalCompletions,
                service.jobIteration(),
                UpdateState.of(status.map(SwarmService.UpdateStatus::state).orElse(null)),
                RolloutText.oneLine(status.map(SwarmService.UpdateStatus::message).orElse("")),
                monitorNanos > 0 ? Duration.ofNanos(monitorNanos) : DEFAULT_MONITOR,
                spec.path("UpdateConfig").path("FailureAction").asText("pause"),
                spec.path("RollbackConfig").path("FailureAction").asText("pause"),
                spec.path("UpdateConfig").path("Order").asText("stop-first"),
                spec.path("RollbackConfig").path("Order").asText("stop-first"),
                hostModePorts(service.specPorts()),
                task.path("RestartPolicy").path("Condition").asText("any"),
                texts(task.path("Placement").path("Constraints")),
                platforms(task.path("Placement").path("Platforms")),
                service.image(),
                service.previousSpec().map(SwarmService::image).orElse(""),
                service.createdAt().orElse(Instant.EPOCH),
                service.updatedAt().orElse(Instant.EPOCH),
                status.flatMap(SwarmService.UpdateStatus::startedAt).orElse(Instant.EPOCH),
                stopGrace.isNumber() ? Duration.ofNanos(stopGrace.asLong()) : DEFAULT_STOP_GRACE_PERIOD);
    }

    /**
     * The earliest moment the current change can have produced a task. A created service: its creation.
     * An update: when Swarm's updater started, or else when the service was last written (the update call
     * that reset its status) — any later write (the allocator's, a status change) only moves this later,
     * so the watcher keeps the earliest it saw.
     */
    Instant changeStartedAt(WatchedService.Change change) {
        if (change == WatchedService.Change.CREATED && createdAt.isAfter(Instant.EPOCH)) {
            return createdAt;
        }
        return updateState != UpdateState.NONE && updateStartedAt.isAfter(Instant.EPOCH) ? updateStartedAt : updatedAt;
    }

    /**
     * True when a task that exited 0 is done for good: Swarm restarts it only under the restart condition
     * {@code any} (the default). Docker's own waiter ignores this and hangs on such services.
     */
    boolean isOneShot() {
        return restartCondition.equals("none") || restartCondition.equals("on-failure");
    }

    /**
     * True when Swarm's updater (or rollback) is running and reacts to task failures itself (failure action
     * pause or rollback), so its verdict is awaited instead of ours.
     */
    boolean isSwarmHandlingFailures() {
        return switch (updateState) {
            case UPDATING -> !updateFailureAction.equals("continue");
            case ROLLBACK_STARTED -> !rollbackFailureAction.equals("continue");
            default -> false;
        };
    }

    /**
     * True when Swarm starts the new task before it stops the old one: {@code Order} start-first of the update
     * (or, while rolling back, of the rollback).
     */
    boolean isStartFirst() {
        return (updateState.isRollback() ? rollbackOrder : updateOrder).equals("start-first");
    }

    /** Published ports in host mode: a node binds each for one task only. */
    private static List<Integer> hostModePorts(List<SwarmService.Port> ports) {
        List<Integer> published = new ArrayList<>();
        ports.forEach(port -> {
            if (port.publishMode().equals("host") && port.publishedPort() > 0) {
                published.add((int) port.publishedPort());
            }
        });
        return List.copyOf(published);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return List.copyOf(values);
    }

    private static List<Platform> platforms(JsonNode array) {
        List<Platform> values = new ArrayList<>();
        array.forEach(platform -> values.add(new Platform(platform.path("OS").asText(""),
                platform.path("Architecture").asText(""))));
        return List.copyOf(values);
    }
}
