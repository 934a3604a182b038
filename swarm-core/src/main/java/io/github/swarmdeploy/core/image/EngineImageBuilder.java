package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.engine.BuildContextException;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.ImageBuild;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.event.Event.Level;
import io.github.swarmdeploy.core.event.EventListener;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one image on the engine and pushes it to its registry: the engine calls behind
 * {@link ServiceImagePush}, which chooses the Dockerfiles of the selected services and records what was pushed.
 *
 * <p>The build sends the build context as a tar of the context directory without what {@code .dockerignore}
 * excludes. The push sends exactly the registry credentials given here (no reading of
 * {@code ~/.docker/config.json} of its own).
 */
public final class EngineImageBuilder {

    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private static final int OUTPUT_KEPT_FOR_FAILURES = 15;

    private final SwarmApi engine;
    private final EventListener events;
    private final Level progressLevel;
    private final LongSupplier nanoTime;

    /**
     * @param progress {@link ProgressStyle#PLAIN}: build steps, layers the registry has and the bytes sent every few
     *                 seconds at INFO; {@link ProgressStyle#NONE}: those at DEBUG, leaving one line per built and per
     *                 pushed image
     */
    public EngineImageBuilder(SwarmApi engine, EventListener events, ProgressStyle progress) {
        this(engine, events, progress, System::nanoTime);
    }

    EngineImageBuilder(SwarmApi engine, EventListener events, ProgressStyle progress, LongSupplier nanoTime) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.events = Objects.requireNonNull(events, "events");
        this.progressLevel = Objects.requireNonNull(progress, "progress") == ProgressStyle.PLAIN ? Level.INFO : Level.DEBUG;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** What to build: the Dockerfile, its context directory, the build arguments and the image name. */
    public record BuildRequest(String service, Path context, Path dockerfile, Map<String, String> buildArgs,
                               ImageName image) {
        public BuildRequest {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(dockerfile, "dockerfile");
            buildArgs = Map.copyOf(buildArgs);
            Objects.requireNonNull(image, "image");
        }
    }

    /** Builds and tags the image; returns the engine's image id. */
    public String build(BuildRequest request, Optional<RegistryCredentials> credentials) {
        String service = request.service();
        emit(Level.INFO, service, ImageProgress.Stage.BUILD_STEP, "building " + request.image().reference() + " from "
                + request.context().relativize(request.dockerfile()) + describeArgs(request.buildArgs()));
        Optional<ImageBuild.RegistryLogin> login = credentials.map(found -> new ImageBuild.RegistryLogin(
                request.image().registryAddress(), found.username(), found.password()));
        BuildOutput output = new BuildOutput(service);
        try {
            engine.buildImage(new ImageBuild(request.context(), request.dockerfile(), request.image().reference(),
                    request.buildArgs(), login), output);
        } catch (BuildContextException e) {
            // the context could not be prepared: a missing Dockerfile, one excluded by .dockerignore
            throw failure(service, output, "cannot build the image of service " + service + ": " + e.getMessage(), e);
        } catch (EngineException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ImagePushException(service, "building the image of service " + service + " was interrupted", e);
            }
            if (e.status() != 0) {
                throw failure(service, output, "the engine refused to build the image of service " + service + ": "
                        + e.getMessage(), e);
            }
            if (output.error == null) {
                throw e;
            }
        }
        if (output.error != null) {
            throw failure(service, output, "building the image of service " + service + " failed: " + output.error, null);
        }
        if (output.imageId == null) {
            throw failure(service, output, "building the image of service " + service
                    + " ended without an image id from " + engine.description(), null);
        }
        emit(Level.INFO, service, ImageProgress.Stage.BUILT, "built " + request.image().reference() + " (" + shortId(output.imageId) + ")");
        return output.imageId;
    }

    /** Pushes the tagged image and returns what the registry now holds. */
    public PushedImage push(String service, ImageName image, Optional<RegistryCredentials> credentials) {
        credentials.ifPresentOrElse(
                found -> events.debug(service + ": pushing to " + image.registryHost() + " with credentials from " + found.source()),
                () -> events.debug(service + ": pushing to " + image.registryHost() + " without credentials"));
        PushProgress layers = new PushProgress(service, events, progressLevel, nanoTime);
        String[] digest = {null};
        String[] error = {null};
        try {
            engine.pushImage(image.repository(), image.tag(), registryAuthHeader(image, credentials), item -> {
                if (item.error().isPresent()) {
                    error[0] = item.error().get();
                    return;
                }
                item.digest().ifPresent(found -> digest[0] = found);
                String status = item.status();
                layers.on(item);
                if (item.layer().isEmpty() && !status.isEmpty()) {
                    Matcher matcher = DIGEST.matcher(status);
                    if (digest[0] == null && matcher.find()) {
                        digest[0] = matcher.group(1);
                    }
                    events.debug(service + ": " + status);
                }
            });
        } catch (EngineException e) {
            if (e.status() == 0) {
                throw e;
            }
            throw new ImagePushException(service, "pushing " + image.reference() + " for service " + service
                    + " failed: " + e.status() + " " + e.getMessage());
        }
        if (error[0] != null) {
            throw new ImagePushException(service, "pushing " + image.reference() + " for service " + service + " failed: " + error[0]);
        }
        if (digest[0] == null) {
            throw new ImagePushException(service, "pushing " + image.reference() + " for service " + service
                    + " ended without a digest from " + engine.description());
        }
        emit(Level.INFO, service, ImageProgress.Stage.PUSHED, "pushed " + image.reference() + " " + digest[0]);
        return new PushedImage(service, image.reference(), image.tag(), digest[0]);
    }

    private String registryAuthHeader(ImageName image, Optional<RegistryCredentials> credentials) {
        return RegistryAuthHeader.encode(image.registryAddress(), credentials);
    }

    private ImagePushException failure(String service, BuildOutput output, String message, Throwable cause) {
        if (!output.recent.isEmpty()) {
            events.on(new ImageProgress(Level.ERROR, service, ImageProgress.Stage.BUILD_OUTPUT,
                    "last build output before the failure:"));
            output.recent.forEach(line -> events.on(new ImageProgress(Level.ERROR, service, ImageProgress.Stage.BUILD_OUTPUT, "  " + line)));
        }
        return cause == null ? new ImagePushException(service, message) : new ImagePushException(service, message, cause);
    }

    private void emit(Level level, String service, ImageProgress.Stage stage, String detail) {
        events.on(new ImageProgress(level, service, stage, detail));
    }

    private static String describeArgs(Map<String, String> args) {
        if (args.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" with build arg");
        args.forEach((name, value) -> text.append(' ').append(name).append('=').append(value));
        return text.toString();
    }

    private static String shortId(String imageId) {
        String id = imageId.startsWith("sha256:") ? imageId.substring("sha256:".length()) : imageId;
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Collects the build's stream: steps, output, the image id, the error. */
    private final class BuildOutput implements Consumer<ImageBuild.Output> {
        private final String service;
        private final Deque<String> recent = new ArrayDeque<>();
        private volatile String imageId;
        private volatile String error;

        BuildOutput(String service) {
            this.service = service;
        }

        @Override
        public void accept(ImageBuild.Output item) {
            if (item.error().isPresent()) {
                error = item.error().get();
                return;
            }
            item.imageId().ifPresent(id -> imageId = id);
            for (String line : item.stream().split("\n")) {
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.startsWith("Step ")) {
                    emit(progressLevel, service, ImageProgress.Stage.BUILD_STEP, text);
                } else {
                    emit(Level.DEBUG, service, ImageProgress.Stage.BUILD_OUTPUT, text);
                }
                synchronized (recent) {
                    recent.addLast(text);
                    if (recent.size() > OUTPUT_KEPT_FOR_FAILURES) {
                        recent.removeFirst();
                    }
                }
            }
        }
    }
}
