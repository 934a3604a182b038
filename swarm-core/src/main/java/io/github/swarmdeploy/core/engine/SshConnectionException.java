package io.github.swarmdeploy.core.engine;

/**
 * The engine behind an {@code ssh://} host could not be reached or used. The message says what to do;
 * {@link #reason()} tells programs which of the known cases it is.
 */
public class SshConnectionException extends EngineException {

    /** The cases a user acts on differently. */
    public enum Reason {
        /** The SSH server did not answer: refused, timed out, unknown host name. */
        UNREACHABLE,
        /** known_hosts has no key of this type for the host. */
        HOST_KEY_UNKNOWN,
        /** known_hosts has another key for the host: possible man-in-the-middle attack. */
        HOST_KEY_CHANGED,
        /** The key is marked {@code @revoked}. */
        HOST_KEY_REVOKED,
        /** The key does not match the pinned fingerprints. */
        HOST_KEY_NOT_PINNED,
        /** No private key was usable: missing, unreadable, encrypted without (the right) passphrase. */
        KEY_UNUSABLE,
        /** The server accepted none of the keys offered. */
        AUTHENTICATION_FAILED,
        /** The remote has no {@code docker} command for this user. */
        REMOTE_DOCKER_MISSING,
        /** The remote user may not use the Docker socket (not in group docker). */
        REMOTE_DOCKER_DENIED,
        /** {@code docker system dial-stdio} failed on the remote for another reason. */
        REMOTE_DOCKER_FAILED,
        /** The server refused to open another channel. */
        CHANNEL_REFUSED,
        /** The SSH connection broke after it was established. */
        CONNECTION_LOST
    }

    private final Reason reason;

    public SshConnectionException(Reason reason, String message) {
        super(0, message);
        this.reason = reason;
    }

    public SshConnectionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Never: the SSH connection of an EngineConnection is not re-established, so nothing on it recovers. */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
