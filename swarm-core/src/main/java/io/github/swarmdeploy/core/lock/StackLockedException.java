package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.SwarmDeployException;

/** Another deploy of the same stack held the lock for longer than this one was willing to wait. */
public class StackLockedException extends SwarmDeployException {

    public StackLockedException(String message) {
        super(message);
    }
}
