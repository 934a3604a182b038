package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmNetwork;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.rollout.RolloutWatcher;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.rollout.WatchedService;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads what a stack runs now and compares it with its history ({@link StackStatus}). Read-only calls only. */
public final class StackStatusReader {

    private final SwarmApi engine;
    private final EventListener events;

    public StackStatusReader(SwarmApi engine, EventListener events) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * @param seal the stack's seal, to read the specs the last deploy applied (drift); without it drift is unknown
     */
    public StackStatus fetch(String stack, Optional<HistorySeal> seal) {
        List<SwarmService> services = new ArrayList<>(engine.fetchServices(Filters.label(StackLabels.namespaceFilter(stack))));
        services.sort(Comparator.comparing(SwarmService::name));
        Map<String, ServiceOutcome> looks = new HashMap<>();
        new RolloutWatcher(engine, EventListener.IGNORE).checkHealth(services.stream()
                        .map(service -> WatchedService.unchanged(service.id(), service.name())).toList())
                .forEach(look -> looks.put(look.service().id(), look));
        List<StackStatus.ServiceStatus> statuses = new ArrayList<>();
        for (SwarmService service : services) {
            statuses.add(status(service, looks.get(service.id())));
        }
        List<DeployRecord> records = new DeployHistory(engine, stack, events).fetchRecords(seal);
        Optional<DeployRecord> last = records.stream().findFirst();
        Optional<DeployRecord> applied = records.stream().filter(record -> record.kind() != DeployRecord.Kind.REMOVE)
                .findFirst();
        if (last.isEmpty()) {
            return new StackStatus(stack, statuses, last, Optional.empty(), "no deploy of the stack is recorded");
        }
        if (last.get().kind() == DeployRecord.Kind.REMOVE) {
            return new StackStatus(stack, statuses, last, Optional.empty(), "the stack was removed by #"
                    + last.get().sequence());
        }
        if (applied.get().specs().isEmpty()) {
            return new StackStatus(stack, statuses, last, Optional.empty(), "#" + applied.get().sequence()
                    + " holds no specs: " + applied.get().specsMissing());
        }
        Map<String, JsonNode> live = new LinkedHashMap<>();
        services.forEach(service -> live.put(service.name(), service.spec()));
        Map<String, String> networks = new HashMap<>();
        for (SwarmNetwork network : engine.fetchNetworks(Filters.none())) {
            networks.put(network.id(), network.name());
        }
        return new StackStatus(stack, statuses, last, Optional.of(Drift.between(applied.get().specs().get(), live,
                id -> networks.getOrDefault(id, id), engine.fetchVersion().apiVersion())), "");
    }

    private StackStatus.ServiceStatus status(SwarmService service, ServiceOutcome look) {
        List<SwarmTask> tasks = engine.fetchTasks(Filters.service(service.id()).upToDate()
                .and(Filters.DESIRED_STATE, "running"));
        long running = tasks.stream().filter(task -> task.state().equals("running")).count();
        JsonNode replicas = service.spec().path("Mode").path("Replicated").path("Replicas");
        long desired = service.spec().path("Mode").has("Replicated") ? replicas.asLong(1) : tasks.size();
        boolean healthy = look != null && look.verdict() == Verdict.HEALTHY;
        return new StackStatus.ServiceStatus(service.name(), service.image(), running, desired, healthy,
                look == null ? "not looked at" : look.state(),
                service.updateStatus().map(SwarmService.UpdateStatus::state).orElse(""),
                healthy || look == null ? Optional.empty() : look.taskError(),
                AppliedStack.referenceNames(service.spec(), "Configs", "ConfigName"),
                AppliedStack.referenceNames(service.spec(), "Secrets", "SecretName"));
    }
}
