package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.lock.StackLock;
import io.github.swarmdeploy.core.lock.ChangeGate;
import io.github.swarmdeploy.core.lock.ReleaseOnShutdown;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.engine.SwarmNetwork;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rollback-safe removal of a stack's old config and secret versions and unused networks, on one engine
 * (a swarm manager). Reads the stack and every service, decides with {@link PruneRules}, then removes
 * what the plan says, keeping with a note whatever the engine refuses to remove because it became in
 * use meanwhile. A real run holds the stack's deploy lock ({@link StackLock}) from reading to the last
 * removal, so no deploy of the stack interleaves. Sends one event per object and a summary; never prints.
 */
public final class StackPrune {

    /** How long a prune stopped by a JVM shutdown waits for the removal under way before it says what it did. */
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(10);

    private final SwarmApi engine;
    private final EventListener events;

    public StackPrune(SwarmApi engine, EventListener events) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Reads, decides and (unless a dry run) removes; then cleans the node when asked to. */
    public PruneReport run(String stack, PruneOptions options) {
        events.info((options.dryRun() ? "Dry run of prune" : "Pruning") + " stack " + stack + " on "
                + engine.description() + ": keeping what any service's current or previous spec uses, what a rollback"
                + " to the newest " + options.historyKeep() + " records of its history needs"
                + (options.keep() == 0 ? "" : options.keep() == 1 ? " and the newest version of each config/secret key"
                        : " and the newest " + options.keep() + " versions of each config/secret key"));
        PruneReport report;
        if (options.dryRun()) {
            report = apply(plan(stack, options.keep(), options.historyKeep()), true);
        } else {
            // the deploy's lock: a deploy between our read and our removals could start using an old version
            Progress progress = new Progress();
            try (ReleaseOnShutdown guard = ReleaseOnShutdown.register(StackLock.acquire(engine, stack, options.lock(),
                    Clock.systemUTC(), events), events, () -> "the prune of stack " + stack + " stops here; "
                    + progress.stop())) {
                report = apply(plan(stack, options.keep(), options.historyKeep()), false, progress);
            }
        }
        if (options.cleanNode()) {
            if (options.dryRun()) {
                events.info("Dry run: the node cleanup (stopped containers, dangling images, unused networks, "
                        + "build cache) on " + engine.description() + " is not run");
            } else {
                report = report.withNodeCleanup(new NodeCleanup(engine, events).run(NodeCleanup.Scope.WHOLE_NODE));
            }
        }
        return report;
    }

    /** What would go and what stays, from the swarm as it is now; changes nothing. */
    public PrunePlan plan(String stack, int keep) {
        return plan(stack, keep, DeployHistory.DEFAULT_KEEP);
    }

    /**
     * What would go and what stays, from the swarm as it is now, keeping what the newest {@code historyKeep} records
     * of the stack's history need; changes nothing.
     */
    public PrunePlan plan(String stack, int keep, int historyKeep) {
        if (stack == null || stack.isBlank()) {
            throw new InvalidOptionException(Option.STACK, "", "no stack name given (" + Option.STACK + ")");
        }
        StackSnapshot snapshot = fetchSnapshot(stack, historyKeep);
        if (snapshot.objects().isEmpty()) {
            events.warn("Nothing on " + engine.description() + " is labelled " + StackLabels.namespaceFilter(stack)
                    + ": is the stack name right?");
        }
        return PruneRules.decide(snapshot, keep);
    }

    /**
     * Carries a plan out (configs and secrets before networks). An object the engine refuses to remove
     * because it is in use now is kept with a note; one already gone counts as removed.
     */
    public PruneReport apply(PrunePlan plan, boolean dryRun) {
        return apply(plan, dryRun, new Progress());
    }

    private PruneReport apply(PrunePlan plan, boolean dryRun, Progress progress) {
        progress.planned(plan);
        List<PruneDecision> removed = new ArrayList<>();
        List<PruneDecision> kept = new ArrayList<>();
        for (PruneDecision decision : plan.decisions()) {
            PruneDecision outcome = decision.isRemoval() && !dryRun ? progress.remove(decision, this::remove) : decision;
            (outcome.isRemoval() ? removed : kept).add(outcome);
            events.on(new PruneEvents.ObjectDecided(outcome, dryRun));
        }
        PruneReport report = new PruneReport(plan.stack(), dryRun, plan.keep(), removed, kept, Optional.empty());
        events.on(new PruneEvents.Finished(report));
        return report;
    }

    /**
     * What a prune has removed so far, for when the JVM shuts down under it (a cancelled CI job): {@link #stop} lets no
     * further removal start, waits for the one under way, and says what went and what stays. Thread-safe.
     */
    private static final class Progress {
        private final List<String> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ChangeGate gate = new ChangeGate();
        private volatile PrunePlan plan;

        void planned(PrunePlan value) {
            plan = value;
        }

        PruneDecision remove(PruneDecision decision, java.util.function.UnaryOperator<PruneDecision> removal) {
            return gate.pass("removing " + decision.object().describe(), () -> {
                PruneDecision outcome = removal.apply(decision);
                if (outcome.isRemoval()) {
                    removed.add(decision.object().describe());
                }
                return outcome;
            });
        }

        String stop() {
            gate.stop(STOP_WAIT);
            PrunePlan current = plan;
            if (current == null) {
                return "nothing was removed";
            }
            List<String> left = current.toRemove().stream().map(decision -> decision.object().describe())
                    .filter(name -> !removed.contains(name)).toList();
            return (removed.isEmpty() ? "nothing was removed" : "removed: " + String.join(", ", removed))
                    + (left.isEmpty() ? "" : "; not removed yet: " + String.join(", ", left)
                    + " (the next StackDeployment.prune removes them)");
        }
    }

    private PruneDecision remove(PruneDecision decision) {
        StackObject object = decision.object();
        try {
            switch (object.kind()) {
                case CONFIG -> engine.removeConfig(object.id());
                case SECRET -> engine.removeSecret(object.id());
                case NETWORK -> engine.removeNetwork(object.id());
            }
            return decision;
        } catch (EngineException e) {
            if (e.isNotFound()) {
                return PruneDecision.remove(object, new PruneReason.AlreadyGone());
            }
            if (isInUse(e)) {
                return decision.keptAfterAll(new PruneReason.InUseOnRemoval(engineMessage(e)));
            }
            throw e;
        }
    }

    /**
     * The engine's ways of saying "in use": 409 on newer engines; 400 (config, secret: "is in use by the
     * following service") or 403/400 (network: "is in use by service", "has active endpoints") on 20.10.
     */
    public static boolean isInUse(EngineException e) {
        if (e.status() == 0) {
            return false;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return e.isConflict() || message.contains("in use") || message.contains("active endpoints");
    }

    private static String engineMessage(EngineException e) {
        String message = String.valueOf(e.getMessage());
        String marker = ": " + e.status() + " ";
        int engineText = message.indexOf(marker);
        return engineText < 0 ? message : message.substring(engineText + marker.length());
    }

    private StackSnapshot fetchSnapshot(String stack, int historyKeep) {
        Filters ofStack = Filters.label(StackLabels.namespaceFilter(stack));
        List<StackObject> objects = new ArrayList<>();
        for (SwarmDataObject config : engine.fetchConfigs(ofStack)) {
            objects.add(LiveObjects.configOrSecret(ObjectKind.CONFIG, config));
        }
        for (SwarmDataObject secret : engine.fetchSecrets(ofStack)) {
            objects.add(LiveObjects.configOrSecret(ObjectKind.SECRET, secret));
        }
        for (SwarmNetwork network : engine.fetchNetworks(ofStack)) {
            if ("swarm".equals(network.scope())) {
                objects.add(LiveObjects.network(network));
            }
        }
        List<ServiceUsage> services = new ArrayList<>();
        for (SwarmService service : engine.fetchServices(Filters.none())) {
            services.add(LiveObjects.service(service));
        }
        List<StackSnapshot.RecordUsage> history = new ArrayList<>();
        // names only: what a record's services use is readable without the stack's key
        for (DeployRecord record : new DeployHistory(engine, stack, events).fetchRecords(Optional.empty())) {
            if (history.size() == historyKeep) {
                break;
            }
            Set<String> configs = new TreeSet<>();
            Set<String> secrets = new TreeSet<>();
            record.services().forEach(service -> {
                configs.addAll(service.configs());
                secrets.addAll(service.secrets());
            });
            history.add(new StackSnapshot.RecordUsage(record.sequence(), configs, secrets));
        }
        return new StackSnapshot(stack, objects, services, history);
    }
}
