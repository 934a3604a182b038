package io.github.swarmdeploy.core.compose;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a step that walks a compose document recursively on a thread with a stack deep enough for docker's
 * {@link ComposeLimits#MAX_NESTING} levels: reading, interpolating, checking, merging and printing each
 * recurse once per level, and 10000 levels need more than the 512 KiB to 1 MiB a thread has by default.
 * The stack is reserved, not used: memory is only taken as deep as a document goes.
 */
final class DeepStack {

    /** Enough for 10000 levels in every step, with room to spare (measured: 16 MiB suffice). */
    private static final long STACK_BYTES = 256L * 1024 * 1024;

    private DeepStack() {
    }

    /** {@code step}'s result, computed on a deep-stack thread; what it throws is thrown here. */
    static <T> T call(Supplier<T> step) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(step.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "swarm-deploy compose", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the compose files", e);
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
        return result.get();
    }
}
