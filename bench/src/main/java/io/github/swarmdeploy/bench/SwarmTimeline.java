package io.github.swarmdeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineConnection;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * Read once after each deploy (services and tasks of the stack, one call each), never during it.
 *
 * @param services per service changed: its name, start, healthy instant and window
 */
record SwarmTimeline(List<ServiceTimes> services) {

    static final Duration DEFAULT_MONITOR = Duration.ofSeconds(5);

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
     * {@code deployStarted}; a service whose task never ran, or which kept its task, is left out.
     */
    static SwarmTimeline read(EngineConnection engine, String stack, Set<String> changed, Instant deployStarted) {
        if (changed.isEmpty()) {
            return new SwarmTimeline(List.of());
        }
        Map<String, JsonNode> servicesById = new HashMap<>();
        for (JsonNode service : engine.fetchJson("/services?filters=" + StackState.labelFilter(stack))) {
            if (changed.contains(service.path("Spec").path("Name").asText())) {
                servicesById.put(service.path("ID").asText(), service);
            }
        }
        Map<String, Instant> newestRunning = new HashMap<>();
        for (JsonNode task : engine.fetchJson("/tasks?filters=" + StackState.labelFilter(stack))) {
            String serviceId = task.path("ServiceID").asText();
            if (!servicesById.containsKey(serviceId) || !task.path("Status").path("State").asText().equals("running")
                    || !task.path("DesiredState").asText().equals("running")) {
                continue;
            }
            instant(task.path("Status").path("Timestamp")).ifPresent(at -> newestRunning.merge(serviceId, at,
                    (a, b) -> a.isAfter(b) ? a : b));
        }
        List<ServiceTimes> times = new ArrayList<>();
        servicesById.forEach((id, service) -> {
            Optional<Instant> running = Optional.ofNullable(newestRunning.get(id));
            Optional<Instant> start = instant(service.path("UpdateStatus").path("StartedAt"))
                    .or(() -> instant(service.path("CreatedAt")));
            // a service whose spec was sent again unchanged (docker's no-op) keeps its task: nothing to time
            if (running.isPresent() && start.isPresent() && running.get().isAfter(start.get())
                    && running.get().isAfter(deployStarted)) {
                JsonNode monitor = service.path("Spec").path("UpdateConfig").path("Monitor");
                times.add(new ServiceTimes(service.path("Spec").path("Name").asText(), start.get(), running.get(),
                        monitor.isNumber() && monitor.asLong() > 0 ? Duration.ofNanos(monitor.asLong())
                                : DEFAULT_MONITOR));
            }
        });
        return new SwarmTimeline(List.copyOf(times));
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

    private static Optional<Instant> instant(JsonNode node) {
        if (!node.isTextual() || node.asText().startsWith("0001-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
