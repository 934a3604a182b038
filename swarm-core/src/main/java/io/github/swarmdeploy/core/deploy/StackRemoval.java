package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.engine.SwarmNetwork;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.history.RecordCodec;
import io.github.swarmdeploy.core.lock.ChangeGate;
import io.github.swarmdeploy.core.lock.ReleaseOnShutdown;
import io.github.swarmdeploy.core.lock.StackLock;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.prune.StackPrune;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Removes a stack completely, as a review stack's end ({@code swarm:remove}): its services, then, once their tasks
 * are gone, the networks, configs and secrets swarm-deploy created for it ({@link StackLabels#MANAGED}), its key
 * included. Never an external object (not labelled with the stack) nor one labelled with the stack that swarm-deploy
 * did not create: those stay, and the result says so. Under the stack's lock; recorded in its history, whose records
 * outlive the stack (they say it was removed).
 */
public final class StackRemoval {

    private static final Set<String> ENDED = Set.of("complete", "failed", "shutdown", "rejected", "orphaned", "remove");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final SwarmApi engine;
    private final EventListener events;
    private final Clock clock;

    public StackRemoval(SwarmApi engine, EventListener events, Clock clock) {
        this.engine = engine;
        this.events = events;
        this.clock = clock;
    }

    /** What is there of the stack now, and what of it would go. */
    private record Found(List<SwarmService> services, List<SwarmDataObject> configs, List<SwarmDataObject> secrets,
                         List<SwarmNetwork> networks, List<String> leftAlone) {

        boolean isEmpty() {
            return services.isEmpty() && configs.isEmpty() && secrets.isEmpty() && networks.isEmpty();
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            services.forEach(service -> names.add("service " + service.name()));
            networks.forEach(network -> names.add("network " + network.name()));
            configs.forEach(config -> names.add("config " + config.name()));
            secrets.forEach(secret -> names.add("secret " + secret.name()));
            return names;
        }
    }

    /**
     * Removes the stack, or lists what would go.
     *
     * @throws SwarmDeployException when a service's tasks or a network stay beyond the timeout (recorded as failed)
     */
    public RemovalResult remove(String stack, RemoveOptions options) {
        if (options.dryRun()) {
            Found found = fetch(stack);
            report(stack, found, true);
            events.info("dry run: nothing was changed");
            return new RemovalResult(stack, true, found.names(), found.leftAlone(), OptionalLong.empty());
        }
        ChangeGate gate = new ChangeGate();
        List<String> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ReleaseOnShutdown guard = ReleaseOnShutdown.register(StackLock.acquire(engine, stack, options.lock(), clock,
                events), events, () -> {
                    gate.stop(STOP_WAIT);
                    return "the removal of stack " + stack + " stops here; " + (removed.isEmpty() ? "nothing was removed"
                            : "removed: " + String.join(", ", removed)) + "; StackDeployment.remove again removes the rest";
                })) {
            StackLock lock = guard.lock();
            Found found = fetch(stack);
            report(stack, found, false);
            if (found.isEmpty()) {
                return new RemovalResult(stack, false, List.of(), found.leftAlone(), OptionalLong.empty());
            }
            if (lock.isLost()) {
                throw new SwarmDeployException("stack " + stack + ": lost the deploy lock " + lock.name() + " before"
                        + " removing anything; nothing was changed, run StackDeployment.remove again");
            }
            DeployHistory history = new DeployHistory(engine, stack, events);
            DeployHistory.Written written = history.start(record(stack, history.nextSequence(), found, options),
                    Optional.empty());
            try {
                removeAll(found, options.timeout(), removed, gate);
            } catch (RuntimeException e) {
                history.finish(written, DeployRecord.Outcome.FAILED, clock.instant(), e.getMessage(),
                        options.history().keep());
                throw e;
            }
            DeployRecord finished = history.finish(written, DeployRecord.Outcome.SUCCEEDED, clock.instant(), "",
                    options.history().keep());
            events.info("Removed stack " + stack + ": " + String.join(", ", counts(found)) + "; recorded as remove #"
                    + finished.sequence() + " in its history, whose records stay");
            return new RemovalResult(stack, false, removed, found.leftAlone(), OptionalLong.of(finished.sequence()));
        }
    }

    private void removeAll(Found found, Duration timeout, List<String> removed, ChangeGate gate) {
        Instant deadline = clock.instant().plus(timeout);
        for (SwarmService service : found.services()) {
            remove(gate, "service " + service.name(), () -> engine.removeService(service.id()));
            removed.add("service " + service.name());
            events.info("removed service " + service.name());
        }
        if (!found.services().isEmpty()) {
            // as docker stack rm waits: the tasks carry the stack's label (a removed service's ID no longer filters)
            String stack = found.services().get(0).labels().get(StackLabels.NAMESPACE);
            await(deadline, "the tasks of the removed services to be gone", () -> {
                List<String> running = new ArrayList<>();
                for (SwarmTask task : engine.fetchTasks(Filters.label(StackLabels.namespaceFilter(stack)))) {
                    if (!ENDED.contains(task.state())) {
                        running.add("task " + task.id() + " (" + task.state() + ")");
                    }
                }
                return running;
            });
        }
        for (SwarmDataObject config : found.configs()) {
            remove(gate, "config " + config.name(), () -> engine.removeConfig(config.id()));
            removed.add("config " + config.name());
            events.info("removed config " + config.name());
        }
        for (SwarmDataObject secret : found.secrets()) {
            remove(gate, "secret " + secret.name(), () -> engine.removeSecret(secret.id()));
            removed.add("secret " + secret.name());
            events.info("removed secret " + secret.name());
        }
        for (SwarmNetwork network : found.networks()) {
            // a network stays in use until the last task's container has left it
            await(deadline, "network " + network.name() + " to be free", () -> {
                try {
                    remove(gate, "network " + network.name(), () -> engine.removeNetwork(network.id()));
                    return List.of();
                } catch (EngineException e) {
                    if (!StackPrune.isInUse(e)) {
                        throw e;
                    }
                    return List.of(e.getMessage());
                }
            });
            removed.add("network " + network.name());
            events.info("removed network " + network.name());
        }
    }

    private Found fetch(String stack) {
        Filters ofStack = Filters.label(StackLabels.namespaceFilter(stack));
        List<String> leftAlone = new ArrayList<>();
        List<SwarmDataObject> configs = new ArrayList<>();
        int records = 0;
        for (SwarmDataObject config : engine.fetchConfigs(ofStack)) {
            if (RecordCodec.isRecordOf(stack, config.labels())) {
                records++;
            } else if (config.labels().containsKey(StackLabels.LOCK_HOLDER)) {
                continue; // the lock, which this removal holds and releases
            } else if (isOurs(config.labels())) {
                configs.add(config);
            } else {
                leftAlone.add("config " + config.name() + ": not created by swarm-deploy");
            }
        }
        List<SwarmDataObject> secrets = new ArrayList<>();
        for (SwarmDataObject secret : engine.fetchSecrets(ofStack)) {
            if (isOurs(secret.labels())) {
                secrets.add(secret);
            } else {
                leftAlone.add("secret " + secret.name() + ": not created by swarm-deploy");
            }
        }
        List<SwarmNetwork> networks = new ArrayList<>();
        for (SwarmNetwork network : engine.fetchNetworks(ofStack)) {
            if (isOurs(network.labels())) {
                networks.add(network);
            } else {
                leftAlone.add("network " + network.name() + ": not created by swarm-deploy");
            }
        }
        if (records > 0) {
            leftAlone.add(records + (records == 1 ? " record" : " records") + " of its deploy history");
        }
        List<SwarmService> services = engine.fetchServices(ofStack).stream()
                .sorted(java.util.Comparator.comparing(SwarmService::name)).toList();
        return new Found(services, configs, secrets, networks, leftAlone);
    }

    private static boolean isOurs(Map<String, String> labels) {
        return "true".equals(labels.get(StackLabels.MANAGED));
    }

    private void report(String stack, Found found, boolean dryRun) {
        if (found.isEmpty()) {
            events.info("Nothing of stack " + stack + " on " + engine.description() + " to remove"
                    + (found.leftAlone().isEmpty() ? " (is the name right?)" : ""));
        } else {
            events.info((dryRun ? "Would remove" : "Removing") + " stack " + stack + " on " + engine.description() + ": "
                    + String.join(", ", counts(found)));
            found.names().forEach(name -> events.info((dryRun ? "- would remove " : "- ") + name));
        }
        found.leftAlone().forEach(object -> events.info("= " + (dryRun ? "would keep " : "keeps ") + object));
    }

    private static List<String> counts(Found found) {
        return List.of(count(found.services().size(), "service"), count(found.networks().size(), "network"),
                count(found.configs().size(), "config"), count(found.secrets().size(), "secret"));
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private DeployRecord record(String stack, long sequence, Found found, RemoveOptions options) {
        List<DeployRecord.ServiceEntry> services = found.services().stream().map(service ->
                new DeployRecord.ServiceEntry(service.name(), Change.Action.REMOVE, List.of(), "", List.of(), List.of(),
                        Optional.empty())).toList();
        long objects = found.configs().size() + found.secrets().size() + found.networks().size();
        return new DeployRecord(stack, sequence, DeployRecord.Kind.REMOVE, clock.instant(), DeployRecord.Outcome.RUNNING,
                Optional.empty(), "", OptionalLong.empty(), options.history().origin(),
                new DeployRecord.Counts(0, 0, services.size() + objects, 0), services, Optional.empty(),
                "a removal keeps no specs");
    }

    /** Polls until {@code pending} is empty or the deadline passed (then fails with what was last seen). */
    private void await(Instant deadline, String what, Supplier<List<String>> pending) {
        List<String> last = pending.get();
        while (!last.isEmpty()) {
            if (!clock.instant().isBefore(deadline)) {
                throw new SwarmDeployException("gave up waiting for " + what + " after the timeout (" + Option.REMOVE_TIMEOUT + ");"
                        + " still: " + String.join(", ", last) + ". Run StackDeployment.remove again once they are gone");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SwarmDeployException("interrupted while waiting for " + what);
            }
            last = pending.get();
        }
    }

    /** One removal, unless the run was stopped; one already gone counts as removed. */
    private static void remove(ChangeGate gate, String what, Runnable removal) {
        gate.pass("removing " + what, () -> {
            try {
                removal.run();
            } catch (EngineException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
            return null;
        });
    }
}
