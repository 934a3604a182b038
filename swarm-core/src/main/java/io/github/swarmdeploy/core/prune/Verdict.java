package io.github.swarmdeploy.core.prune;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** What prune does with one object, and every reason for it. */
public record Verdict(StackObject object, Action action, List<PruneReason> reasons) {

    public enum Action {
        KEEP, REMOVE
    }

    public Verdict {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a verdict needs a reason: " + object.describe());
        }
    }

    public static Verdict keep(StackObject object, List<PruneReason> reasons) {
        return new Verdict(object, Action.KEEP, reasons);
    }

    public static Verdict remove(StackObject object, PruneReason reason) {
        return new Verdict(object, Action.REMOVE, List.of(reason));
    }

    public boolean isRemoval() {
        return action == Action.REMOVE;
    }

    /** The same object kept after all, for the given reason (the engine refused to remove it). */
    public Verdict keptAfterAll(PruneReason reason) {
        return new Verdict(object, Action.KEEP, List.of(reason));
    }

    /** The reasons joined for one log line. */
    public String because() {
        return reasons.stream().map(PruneReason::describe).collect(Collectors.joining("; "));
    }
}
