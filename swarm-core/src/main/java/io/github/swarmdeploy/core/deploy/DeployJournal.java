package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.lock.ChangeGate;
import io.github.swarmdeploy.core.lock.RunStoppedException;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.rollout.ServiceVerdictReached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What a deploy has done so far, to say it when the deploy cannot finish: the engine lost for good, or the JVM
 * shut down under it (a cancelled CI job). It listens to the deploy's own events (every change that went through,
 * every verdict), and {@link #stop} keeps the deploy from starting another change. Thread-safe.
 */
final class DeployJournal implements EventListener {

    private final List<DeployStepDone> applied = new CopyOnWriteArrayList<>();
    private final Set<String> concluded = ConcurrentHashMap.newKeySet();
    private final Set<Change> started = ConcurrentHashMap.newKeySet();
    private final ChangeGate gate = new ChangeGate();
    private volatile Plan plan;

    /** The plan the deploy carries out from now on. */
    void planned(Plan value) {
        this.plan = value;
    }

    @Override
    public void on(Event event) {
        if (event instanceof DeployStepDone done) {
            applied.add(done);
        } else if (event instanceof ServiceVerdictReached verdict) {
            concluded.add(verdict.outcome().name());
        }
    }

    /**
     * Makes one change of the plan (a service created, updated or removed), unless the deploy was stopped.
     *
     * @throws RunStoppedException when it was, before anything is sent
     */
    <T> T change(Change change, Supplier<T> call) {
        return gate.pass(describe(change), () -> {
            started.add(change);
            return call.get();
        });
    }

    /** Makes changes that go together (the networks, secrets and configs of the plan), unless the deploy was stopped. */
    void change(String what, Runnable calls) {
        gate.pass(what, () -> {
            calls.run();
            return null;
        });
    }

    /**
     * Lets no further change start, and waits at most {@code wait} for those under way, so that what {@link #summary}
     * says next is what happened.
     */
    void stop(Duration wait) {
        gate.stop(wait);
    }

    /**
     * In words: what was applied, what of the plan was not, and which services' rollouts nobody saw end (Swarm goes on
     * with them).
     */
    String summary() {
        Plan current = plan;
        if (current == null) {
            return "nothing was changed (the deploy had not finished planning)";
        }
        List<String> parts = new ArrayList<>();
        parts.add(applied.isEmpty() ? "nothing was applied"
                : "applied: " + String.join(", ", applied.stream().map(DeployStepDone::message).toList()));
        Set<String> done = new LinkedHashSet<>(applied.stream().map(step -> key(step.change())).toList());
        List<Change> notDone = current.changes().stream().filter(Change::isMutation)
                .filter(change -> !done.contains(key(change))).toList();
        List<String> unanswered = notDone.stream().filter(started::contains)
                .map(DeployJournal::describe).toList();
        if (!unanswered.isEmpty()) {
            parts.add("sent without an answer (may or may not be applied): " + String.join(", ", unanswered));
        }
        List<String> notApplied = notDone.stream().filter(change -> !started.contains(change))
                .map(DeployJournal::describe).toList();
        if (!notApplied.isEmpty()) {
            parts.add("not applied: " + String.join(", ", notApplied));
        }
        // services created or updated (or maybe, without an answer), and those found unhealthy, without a verdict
        Set<String> unchecked = new LinkedHashSet<>();
        current.changes().stream().filter(started::contains)
                .filter(change -> change.kind() == Change.Kind.SERVICE && change.action() != Change.Action.REMOVE)
                .forEach(change -> unchecked.add(change.name()));
        unchecked.addAll(current.unhealthy().keySet());
        unchecked.removeAll(concluded);
        if (!unchecked.isEmpty()) {
            parts.add("rollout not checked: " + String.join(", ", unchecked) + " (Swarm goes on with "
                    + (unchecked.size() == 1 ? "it" : "them") + "; deploying the same files again watches "
                    + (unchecked.size() == 1 ? "it" : "them") + " to the end)");
        }
        return String.join("; ", parts);
    }

    /** "update service shop_web". */
    private static String describe(Change change) {
        return verb(change) + " " + change.kind().word() + " " + change.name();
    }

    private static String verb(Change change) {
        return change.action().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String key(Change change) {
        return change.kind() + " " + change.name();
    }
}
