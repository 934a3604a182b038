package io.github.swarmdeploy.core.prune;

import java.util.List;
import java.util.Objects;

/** The verdict on every object of one stack, before anything is removed. */
public record PrunePlan(String stack, int keep, List<Verdict> verdicts) {

    public PrunePlan {
        Objects.requireNonNull(stack, "stack");
        verdicts = List.copyOf(verdicts);
    }

    public List<Verdict> toRemove() {
        return verdicts.stream().filter(Verdict::isRemoval).toList();
    }

    public List<Verdict> toKeep() {
        return verdicts.stream().filter(verdict -> !verdict.isRemoval()).toList();
    }
}
