package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.event.Event;

import java.util.Objects;

/**
 * One step of building or pushing a service's image: a Dockerfile step, a line of build output, a
 * layer that changed state during the push, or the final result.
 */
public record ImageProgress(Level level, String service, Stage stage, String detail) implements Event {

    public enum Stage {
        /** {@code Step 2/5 : RUN make} */
        BUILD_STEP,
        /** what a build step printed */
        BUILD_OUTPUT,
        /** the image was built */
        BUILT,
        /** a layer changed state during the push ({@code Preparing}, {@code Pushed}, {@code Layer already exists}) */
        LAYER,
        /** how much of the image's layers the push has sent so far */
        UPLOAD,
        /** the image is in the registry */
        PUSHED
    }

    public ImageProgress {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String message() {
        return service + ": " + detail;
    }
}
