package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.InfrastructureException;

/**
 * The engine could not be reached, or answered a raw API call with an error status. {@link #status()}
 * is the HTTP status (0 when there was no answer at all); the message carries the engine's own text.
 */
public class EngineException extends InfrastructureException {

    private final int status;

    public EngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** No answer from the engine: {@code cannot reach the Docker engine at <engine>: <the root cause's message>}. */
    public static EngineException unreachable(String engine, Throwable cause) {
        return new EngineException("cannot reach the Docker engine at " + engine + ": " + rootMessage(cause), cause);
    }

    /** The message of the innermost cause (the one that says what happened), else its class name. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isConflict() {
        return status == 409;
    }

    /** 503: among others, what a node that is not a manager of an active swarm answers a manager-only call with. */
    public boolean isUnavailable() {
        return status == 503;
    }

    /**
     * Whether the same call on the same connection may succeed later: no answer at all (the engine restarting,
     * a network blip) or a server-side error (5xx). Not for a lost SSH connection: it is not re-established.
     */
    public boolean isRetryable() {
        return status == 0 || status >= 500;
    }
}
