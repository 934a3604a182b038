package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.SwarmDeployException;

/** A deploy or prune was stopped before a change it was about to make: the JVM is shutting down (a cancelled CI job). */
public class RunStoppedException extends SwarmDeployException {

    public RunStoppedException(String message) {
        super(message);
    }
}
