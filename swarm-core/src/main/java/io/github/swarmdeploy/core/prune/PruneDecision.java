package io.github.swarmdeploy.core.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What prune does with one object, and every reason for it. */
public record PruneDecision(StackObject object, Action action, List<PruneReason> reasons) {

    public enum Action {
        KEEP, REMOVE
    }

    public PruneDecision {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a decision needs a reason: " + object.describe());
        }
    }

    public static PruneDecision keep(StackObject object, List<PruneReason> reasons) {
        return new PruneDecision(object, Action.KEEP, reasons);
    }

    public static PruneDecision remove(StackObject object, PruneReason reason) {
        return new PruneDecision(object, Action.REMOVE, List.of(reason));
    }

    public boolean isRemoval() {
        return action == Action.REMOVE;
    }

    /** The same object kept after all, for the given reason (the engine refused to remove it). */
    public PruneDecision keptAfterAll(PruneReason reason) {
        return new PruneDecision(object, Action.KEEP, List.of(reason));
    }

    /**
     * The reasons joined for one log line; several services using it are named in one reason
     * ({@code used by services a, b}).
     */
    public String because() {
        List<String> parts = new ArrayList<>();
        services(false).ifPresent(parts::add);
        services(true).ifPresent(parts::add);
        reasons.stream().filter(reason -> !(reason instanceof PruneReason.UsedByService))
                .map(PruneReason::describe).forEach(parts::add);
        return String.join("; ", parts);
    }

    private Optional<String> services(boolean inPreviousSpec) {
        List<String> names = reasons.stream()
                .filter(reason -> reason instanceof PruneReason.UsedByService used && used.inPreviousSpec() == inPreviousSpec)
                .map(reason -> ((PruneReason.UsedByService) reason).service())
                .toList();
        if (names.size() <= 1) {
            return names.stream().map(name -> new PruneReason.UsedByService(name, inPreviousSpec).describe()).findFirst();
        }
        String joined = String.join(", ", names);
        return Optional.of(inPreviousSpec ? "in the previous specs of services " + joined + " (their rollback targets)"
                : "used by services " + joined);
    }
}
