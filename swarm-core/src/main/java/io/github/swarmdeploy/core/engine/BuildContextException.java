package io.github.swarmdeploy.core.engine;

/**
 * A build context that could not be prepared before anything went to the engine: a missing Dockerfile, one its
 * {@code .dockerignore} excludes, an unreadable file.
 */
public class BuildContextException extends RuntimeException {

    public BuildContextException(String message, Throwable cause) {
        super(message, cause);
    }
}
