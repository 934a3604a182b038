package io.github.swarmdeploy.bench;

import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What Swarm itself took for the services one deploy created or updated, from the timestamps it keeps: for each
 * service, from its creation (or the start of its update) until its newest task was running (for a task with a
 * healthcheck Swarm says running only once it is healthy), plus its monitor window ({@code update_config.monitor},
 * 5 s by default), during which a tool waiting for stability must watch.
 *
 * <ul>
 *   <li><b>Swarm's limit</b> = the slowest service's (healthy - start + window): what no tool can beat when it
 *       creates or updates every service at once and waits for each to be stable;</li>
 *   <li><b>settled</b> = the latest (healthy + window) of all: from then on a tool could know that all is done;
 *       its exit minus this is its convergence-detection latency.</li>
 * </ul>
 * And the tasks of the stack that failed (or were rejected) since the deploy started: a task replaced after its
 * healthcheck timed out moves its service's "running" later, even after a tool saw the service stable; these tell
 * such a replacement from a status merely reported again.
 * Read once after each deploy (services and tasks of the stack, one call each), never during it.
 *
 * @param services    per service changed: its name, start, healthy instant and window
 * @param failedTasks per task of the stack that failed since the deploy started: its service's name, state and error
 */
record SwarmTimeline(List<ServiceTimes> services, List<String> failedTasks) {

    static final Duration DEFAULT_MONITOR = Duration.ofSeconds(5);
    private static final Set<String> FAILED_STATES = Set.of("failed", "rejected");

    /** One service: started (created or update started), its newest task running since, its monitor window. */
    record ServiceTimes(String name, Instant start, Instant running, Duration monitor) {

        Duration startToStable() {
            return Duration.between(start, running).plus(monitor);
        }

        Instant stable() {
            return running.plus(monitor);
        }
    }

    /**
     * The services named in {@code changed} that run a task started since their creation or update and since
     * {@code deployStarted}; a service whose task never ran, or which kept its task, is left out. Failed tasks of
     * every service of the stack.
     */
    static SwarmTimeline read(EngineConnection engine, String stack, Set<String> changed, Instant deployStarted) {
        Map<String, SwarmService> servicesById = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (SwarmService service : engine.swarm().fetchServices(StackState.labelFilter(stack))) {
            names.put(service.id(), service.name());
            if (changed.contains(service.name())) {
                servicesById.put(service.id(), service);
            }
        }
        List<SwarmTask> tasks = engine.swarm().fetchTasks(StackState.labelFilter(stack));
        List<String> failed = tasks.stream()
                .filter(task -> FAILED_STATES.contains(task.state())
                        && task.statusAt().filter(at -> !at.isBefore(deployStarted)).isPresent())
                .map(task -> names.getOrDefault(task.serviceId(), task.serviceId()) + ": " + task.state()
                        + (task.error().isEmpty() ? "" : " (" + task.error() + ")"))
                .sorted().toList();
        Map<String, Instant> newestRunning = new HashMap<>();
        for (SwarmTask task : tasks) {
            if (!servicesById.containsKey(task.serviceId()) || !task.state().equals("running")
                    || !task.desiredState().equals("running")) {
                continue;
            }
            task.statusAt().ifPresent(at -> newestRunning.merge(task.serviceId(), at, (a, b) -> a.isAfter(b) ? a : b));
        }
        List<ServiceTimes> times = new ArrayList<>();
        servicesById.forEach((id, service) -> {
            Optional<Instant> running = Optional.ofNullable(newestRunning.get(id));
            Optional<Instant> start = service.updateStatus().flatMap(SwarmService.UpdateStatus::startedAt)
                    .or(service::createdAt);
            // a service whose spec was sent again unchanged (docker's no-op) keeps its task: nothing to time
            if (running.isPresent() && start.isPresent() && running.get().isAfter(start.get())
                    && running.get().isAfter(deployStarted)) {
                long monitor = service.spec().path("UpdateConfig").path("Monitor").asLong(0);
                times.add(new ServiceTimes(service.name(), start.get(), running.get(),
                        monitor > 0 ? Duration.ofNanos(monitor) : DEFAULT_MONITOR));
            }
        });
        return new SwarmTimeline(List.copyOf(times), failed);
    }

    /** The slowest service's start-to-stable time; empty when nothing was created or updated. */
    OptionalLong limitMillis() {
        return services.stream().mapToLong(s -> s.startToStable().toMillis()).max();
    }

    /** {@code exit} minus the moment the last service was stable for its window. */
    OptionalLong detectionLatencyMillis(Instant exit) {
        return services.stream().map(ServiceTimes::stable).max(Instant::compareTo)
                .map(settled -> OptionalLong.of(Duration.between(settled, exit).toMillis())).orElse(OptionalLong.empty());
    }
}
