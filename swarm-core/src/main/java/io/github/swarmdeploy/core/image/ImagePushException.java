package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.SwarmDeployException;

/** Building or pushing one service's image failed; the message carries the engine's own error. */
public class ImagePushException extends SwarmDeployException {

    private final String service;

    public ImagePushException(String service, String message) {
        super(message);
        this.service = service;
    }

    public ImagePushException(String service, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
    }

    /** The service whose image failed. */
    public String service() {
        return service;
    }
}
