package io.github.swarmdeploy.core.deploy;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@code swarm:remove} did (or, in a dry run, would do).
 *
 * @param removed    the objects that went (would go), {@code service shop_web}, {@code network shop_default}, … in
 *                   the order they went
 * @param leftAlone  objects labelled with the stack that stay, each with why ({@code config x: not created by
 *                   swarm-deploy})
 * @param record     the removal's number in the stack's history, when it was recorded
 */
public record RemovalResult(String stack, boolean dryRun, List<String> removed, List<String> leftAlone,
                            OptionalLong record) {

    public RemovalResult {
        Objects.requireNonNull(stack, "stack");
        removed = List.copyOf(removed);
        leftAlone = List.copyOf(leftAlone);
        Objects.requireNonNull(record, "record");
    }

    /** Whether there was anything of the stack to remove. */
    public boolean foundAnything() {
        return !removed.isEmpty();
    }
}
