package io.github.swarmdeploy.core.prune;

import java.util.List;
import java.util.Objects;

/** The decision on every object of one stack, before anything is removed. */
public record PrunePlan(String stack, int keep, List<PruneDecision> decisions) {

    public PrunePlan {
        Objects.requireNonNull(stack, "stack");
        decisions = List.copyOf(decisions);
    }

    public List<PruneDecision> toRemove() {
        return decisions.stream().filter(PruneDecision::isRemoval).toList();
    }

    public List<PruneDecision> toKeep() {
        return decisions.stream().filter(decision -> !decision.isRemoval()).toList();
    }
}
