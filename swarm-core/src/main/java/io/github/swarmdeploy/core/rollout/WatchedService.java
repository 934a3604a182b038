package io.github.swarmdeploy.core.rollout;

import java.util.Objects;

/**
 * A service the deploy touched (or left alone) and the watcher should look at.
 *
 * <p>What counts as the "new" version of a service needs no version number from the caller: the
 * manager itself tells which tasks match the service's current spec (the {@code _up-to-date} task
 * filter, swarmkit's notion of a task that is not dirty), and a job's current run is its
 * {@code JobStatus.JobIteration}.
 *
 * @param id     the service ID (or a name the engine resolves; the ID is safest)
 * @param name   the name shown to the user, e.g. {@code project_prod_backend}
 * @param change what this deploy did to it
 */
public record WatchedService(String id, String name, Change change) {

    public WatchedService {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(change, "change");
        if (id.isBlank()) {
            throw new IllegalArgumentException("service id is blank (service " + name + ")");
        }
    }

    public static WatchedService created(String id, String name) {
        return new WatchedService(id, name, Change.CREATED);
    }

    public static WatchedService updated(String id, String name) {
        return new WatchedService(id, name, Change.UPDATED);
    }

    public static WatchedService unchanged(String id, String name) {
        return new WatchedService(id, name, Change.UNCHANGED);
    }

    /** A service the deploy leaves alone although it was found not converged or not healthy. */
    public static WatchedService unhealthy(String id, String name) {
        return new WatchedService(id, name, Change.UNHEALTHY);
    }

    /**
     * True when the watcher waits for the service to converge and its failure fails the deploy: it was created
     * or updated, or found unhealthy. Other unchanged services get one look.
     */
    public boolean isWatched() {
        return change != Change.UNCHANGED;
    }

    public enum Change {
        /** Created by this deploy: waited for until converged. */
        CREATED,
        /** Updated by this deploy: waited for until converged, rolled back, paused or failed. */
        UPDATED,
        /**
         * Not touched by this deploy: its current state is checked, once; found not converged or not healthy, it
         * is watched as {@link #UNHEALTHY}.
         */
        UNCHANGED,
        /**
         * Not touched by this deploy, but not converged and healthy (an earlier rollout failed, was cut short or
         * is still going): watched like an update, until it converges, fails, pauses or times out, and its
         * failure fails the deploy. A rerun of a failed deploy does not pass because it changed nothing.
         */
        UNHEALTHY
    }
}
