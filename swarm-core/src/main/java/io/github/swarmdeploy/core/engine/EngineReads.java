package io.github.swarmdeploy.core.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads that do not need each other's answers, sent at once. The engine answers them side by side, and one answer's
 * JSON is read while the next is still on its way: reading a stack then costs about its slowest call instead of the
 * sum of its calls (seven for a stack, three for a look at its health), which a deploy that changes nothing pays in
 * full.
 *
 * <p>Only reads go through here: they change nothing, so one that fails leaves nothing half done, and the others are
 * let run out. Up to {@link #AT_ONCE} run on their own threads; more run on the caller's.
 */
public final class EngineReads {

    static final int AT_ONCE = 8;

    private static final ExecutorService READERS = new ThreadPoolExecutor(0, AT_ONCE, 5, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "swarm-deploy-read");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    private EngineReads() {
    }

    /** Sends {@code read} now; its answer is waited for by {@link Pending#get()}. */
    public static <T> Pending<T> start(Supplier<T> read) {
        return new Pending<>(CompletableFuture.supplyAsync(read, READERS));
    }

    /** A read on its way. */
    public static final class Pending<T> {

        private final CompletableFuture<T> answer;

        private Pending(CompletableFuture<T> answer) {
            this.answer = answer;
        }

        /** The answer, once it is there; what the read threw is thrown here, as it was. */
        public T get() {
            try {
                return answer.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }
}
