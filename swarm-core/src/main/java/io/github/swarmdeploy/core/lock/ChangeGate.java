package io.github.swarmdeploy.core.lock;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Lets a run (a deploy, a prune) make its changes of the swarm until it is stopped, when the JVM shuts down under
 * it: {@link #stop} lets no further change start and waits, boundedly, for those under way, so that what the run
 * then says it did is what happened. Thread-safe.
 */
public final class ChangeGate {

    private int underWay;
    private boolean stopped;

    /**
     * Makes one change (one engine call or a few), unless the run was stopped.
     *
     * @param what the change in words, for the exception
     * @throws RunStoppedException when it was, before anything is sent
     */
    public <T> T pass(String what, Supplier<T> change) {
        synchronized (this) {
            if (stopped) {
                throw new RunStoppedException("stopped before " + what + ": the JVM is shutting down");
            }
            underWay++;
        }
        try {
            return change.get();
        } finally {
            synchronized (this) {
                underWay--;
                notifyAll();
            }
        }
    }

    /** Lets no further change start, and waits at most {@code wait} for those under way. */
    public synchronized void stop(Duration wait) {
        stopped = true;
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (underWay > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
