package io.github.swarmdeploy.core.lock;

import io.github.swarmdeploy.core.SwarmDeployException;

/**
 * The name of the stack's lock, {@code <stack>_deploy-lock}, belongs to a config that no deploy made: it is left
 * alone (never taken for a stale lock and removed), and the deploy or prune stops before changing anything.
 */
public class LockNameTakenException extends SwarmDeployException {

    public LockNameTakenException(String message) {
        super(message);
    }
}
