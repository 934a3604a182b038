package io.github.swarmdeploy.core.prune;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a prune did (or, in a dry run, would do): the objects that went, the ones that stayed with
 * their reasons, and the node cleanup's counts when it ran.
 */
public record PruneReport(String stack, boolean dryRun, int keep, List<PruneDecision> removed, List<PruneDecision> kept,
                          Optional<NodeCleanupReport> nodeCleanup) {

    public PruneReport {
        Objects.requireNonNull(stack, "stack");
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
        Objects.requireNonNull(nodeCleanup, "nodeCleanup");
    }

    public long removedCount(ObjectKind kind) {
        return removed.stream().filter(decision -> decision.object().kind() == kind).count();
    }

    public long keptCount(ObjectKind kind) {
        return kept.stream().filter(decision -> decision.object().kind() == kind).count();
    }

    /** Names of the objects that went (would go), e.g. for assertions and reports. */
    public List<String> removedNames() {
        return removed.stream().map(decision -> decision.object().name()).toList();
    }

    public PruneReport withNodeCleanup(NodeCleanupReport report) {
        return new PruneReport(stack, dryRun, keep, removed, kept, Optional.of(report));
    }

    /** "stack app_prod: removed 2 configs, 1 secret, 0 networks; kept 3 configs, 0 secrets, 1 network (keep 3 per key)". */
    public String summary() {
        String went = counts(this::removedCount);
        String stayed = counts(this::keptCount);
        return dryRun
                ? "Dry run of prune for stack " + stack + ", nothing changed: would remove " + went + "; would keep "
                        + stayed + " (keep " + keep + " per key)"
                : "Pruned stack " + stack + ": removed " + went + "; kept " + stayed + " (keep " + keep + " per key)";
    }

    private static String counts(java.util.function.ToLongFunction<ObjectKind> count) {
        return Stream.of(ObjectKind.values())
                .map(kind -> kind.count(count.applyAsLong(kind)))
                .collect(Collectors.joining(", "));
    }
}
