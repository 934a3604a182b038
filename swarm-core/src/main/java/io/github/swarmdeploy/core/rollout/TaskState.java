package io.github.swarmdeploy.core.rollout;

import java.util.Locale;

/**
 * A task's observed or desired state, in the order Swarm moves through them (docker's progress code uses
 * the same order to rank tasks that share a slot).
 */
enum TaskState {
    NEW, ALLOCATED, PENDING, ASSIGNED, ACCEPTED, PREPARING, READY, STARTING, RUNNING,
    COMPLETE, SHUTDOWN, FAILED, REJECTED,
    /** States docker's progress code does not rank ({@code remove}, {@code orphaned}, anything new). */
    UNRANKED;

    static TaskState of(String text) {
        return RolloutText.constant(TaskState.class, text, UNRANKED, UNRANKED);
    }

    boolean isRanked() {
        return this != UNRANKED;
    }

    /** Not yet past running: the task is on its way up or up. */
    boolean isActive() {
        return compareTo(RUNNING) <= 0;
    }

    /** The task ended badly: its container failed or was never started. */
    boolean isFailure() {
        return this == FAILED || this == REJECTED;
    }

    String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
