package io.github.swarmdeploy.core.prune;

/**
 * How to prune a stack.
 *
 * @param keep        newest versions of each config/secret key kept even when unused (0 or more)
 * @param dryRun      decide and report, change nothing
 * @param cleanNode   afterwards, on the connected node, what {@code docker system prune -f} does
 */
public record PruneOptions(int keep, boolean dryRun, boolean cleanNode) {

    public PruneOptions {
        if (keep < 0) {
            throw new IllegalArgumentException("the number of versions to keep must be 0 or more, was " + keep);
        }
    }

    /** Keep {@value PruneRules#DEFAULT_KEEP} per key, really remove, leave the node alone. */
    public static PruneOptions defaults() {
        return new PruneOptions(PruneRules.DEFAULT_KEEP, false, false);
    }

    public PruneOptions withKeep(int newKeep) {
        return new PruneOptions(newKeep, dryRun, cleanNode);
    }

    public PruneOptions withDryRun(boolean newDryRun) {
        return new PruneOptions(keep, newDryRun, cleanNode);
    }

    public PruneOptions withCleanNode(boolean newCleanNode) {
        return new PruneOptions(keep, dryRun, newCleanNode);
    }
}
