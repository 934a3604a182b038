package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.plan.LiveStack;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What a {@link StackDeployer} deploys: the stack's Swarm objects (from compose files, or from a record of its history
 * for a rollback), where they are written for messages, anything the source itself must find on the swarm, and how
 * its history records the step.
 */
public interface DeploySource {

    /** The stack's name. */
    String stack();

    /**
     * The stack's Swarm objects, its secrets named with {@code key} (the stack's own, read from the swarm; before the
     * first deploy, a new one that only a real deploy stores). Called before the lock is taken, and again under it when
     * the key turned out to be another, or the source {@link #isReadUnderLock()}.
     */
    DesiredStack desired(SecretVersionKey key);

    /** Where a key path of the stack is written ({@code file:line:col}), when it is known. */
    Function<String, Optional<Position>> positionOf();

    /** Whether what the source reads may have changed while the deploy waited for the lock (the stack's history). */
    default boolean isReadUnderLock() {
        return false;
    }

    /**
     * What the source needs on the swarm and is not there, one line each; checked under the lock before the first
     * change, with the deploy's own checks.
     */
    default List<String> problems(DesiredStack desired, LiveStack live) {
        return List.of();
    }

    /** The failure for problems found before the first change: nothing was changed. */
    default RuntimeException refusal(List<String> problems) {
        return new StackNotDeployableException(stack(), problems.stream().map(Problem::general).toList());
    }

    /** What kind of step its history records. */
    default DeployRecord.Kind kind() {
        return DeployRecord.Kind.DEPLOY;
    }

    /** For a rollback, the record it returns to (once {@link #desired} chose it). */
    default OptionalLong returnedTo() {
        return OptionalLong.empty();
    }

    /** A stack converted from its files. */
    static DeploySource of(String stack, Function<SecretVersionKey, DesiredStack> convert,
                           Function<String, Optional<Position>> positionOf) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(convert, "convert");
        Objects.requireNonNull(positionOf, "positionOf");
        return new DeploySource() {
            @Override
            public String stack() {
                return stack;
            }

            @Override
            public DesiredStack desired(SecretVersionKey key) {
                return convert.apply(key);
            }

            @Override
            public Function<String, Optional<Position>> positionOf() {
                return positionOf;
            }
        };
    }
}
