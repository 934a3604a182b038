package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.event.EventListener;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * While a deploy or a prune holds its stack's lock: a JVM shutdown hook for when the JVM is shut down under it
 * (SIGTERM of a cancelled CI job, Ctrl-C). It stops the run from changing more, says what it did and did not do,
 * and releases the lock at once, instead of leaving the next run to wait out the lock's lease. {@link #close()}
 * releases the lock when the run ends by itself, and removes the hook. Only a JVM killed outright (SIGKILL) or
 * cut off from the engine still leaves the lock to its lease.
 */
public final class ReleaseOnShutdown implements AutoCloseable {

    private final StackLock lock;
    private final EventListener events;
    private final Supplier<String> stopAndSay;
    private final AtomicBoolean released = new AtomicBoolean();
    private final Thread hook;

    private ReleaseOnShutdown(StackLock lock, EventListener events, Supplier<String> stopAndSay) {
        this.lock = lock;
        this.events = events;
        this.stopAndSay = stopAndSay;
        this.hook = new Thread(this::onShutdown, "swarm-deploy-release " + lock.name());
    }

    /**
     * Guards a lock just taken.
     *
     * @param stopAndSay stops the run from changing more and says, in words, what it did and did not do
     */
    public static ReleaseOnShutdown register(StackLock lock, EventListener events, Supplier<String> stopAndSay) {
        ReleaseOnShutdown guard = new ReleaseOnShutdown(lock, events, stopAndSay);
        try {
            Runtime.getRuntime().addShutdownHook(guard.hook);
        } catch (IllegalStateException e) {
            // already shutting down: the run goes no further than its next change, and close() releases the lock
        }
        return guard;
    }

    private void onShutdown() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            events.warn("the JVM is shutting down (SIGTERM: a cancelled job, Ctrl-C): " + stopAndSay.get());
        } finally {
            lock.close();
            events.warn("released the lock " + lock.name() + " on the way out");
        }
    }

    /** The lock guarded. */
    public StackLock lock() {
        return lock;
    }

    /** Releases the lock, unless the shutdown hook did, and removes the hook. Never throws. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs (or ran)
        }
        if (released.compareAndSet(false, true)) {
            lock.close();
        }
    }
}
