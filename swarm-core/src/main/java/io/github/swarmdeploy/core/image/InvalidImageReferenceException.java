package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.SwarmDeployException;

/** An image reference docker would refuse. */
public class InvalidImageReferenceException extends SwarmDeployException {

    private final String reference;

    public InvalidImageReferenceException(String reference, String problem) {
        super("invalid image reference '" + reference + "': " + problem);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
