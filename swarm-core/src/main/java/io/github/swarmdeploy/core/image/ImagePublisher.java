package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.event.Event.Level;
import io.github.swarmdeploy.core.event.EventListener;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one service's image on the engine and pushes it to its registry.
 *
 * <p>The build goes through docker-java, which sends the build context as a tar of the context
 * directory without what {@code .dockerignore} excludes. The push is a raw Engine API call so that the
 * registry credentials are exactly the ones given here (docker-java would otherwise add its own reading
 * of {@code ~/.docker/config.json}).
 */
public final class ImagePublisher {

    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private static final int OUTPUT_KEPT_FOR_FAILURES = 15;

    private final EngineConnection engine;
    private final EventListener events;
    private final Level progressLevel;

    /**
     * @param detailedProgress build steps and layer state changes at INFO (an interactive terminal);
     *                         otherwise at DEBUG, leaving one line per built and per pushed image
     */
    public ImagePublisher(EngineConnection engine, EventListener events, boolean detailedProgress) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.events = Objects.requireNonNull(events, "events");
        this.progressLevel = detailedProgress ? Level.INFO : Level.DEBUG;
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
        AuthConfigurations auths = new AuthConfigurations();
        credentials.ifPresent(found -> auths.addConfig(authConfig(request.image(), found)));
        BuildOutput output = new BuildOutput(service);
        try {
            BuildImageCmd command = engine.client().buildImageCmd()
                    .withBaseDirectory(request.context().toFile())
                    .withDockerfile(request.dockerfile().toFile())
                    .withTags(Set.of(request.image().reference()))
                    .withBuildAuthConfigs(auths)
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true); // also the container of a failed step: a failed build leaves nothing behind
            request.buildArgs().forEach(command::withBuildArg);
            command.exec(output).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePushException(service, "building the image of service " + service + " was interrupted", e);
        } catch (DockerException e) {
            throw failure(service, output, "the engine refused to build the image of service " + service + ": "
                    + engineMessage(e), e);
        } catch (DockerClientException | IllegalStateException e) {
            // docker-java could not prepare the context: a missing Dockerfile, one excluded by .dockerignore
            throw failure(service, output, "cannot build the image of service " + service + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (output.error == null) {
                throw unreachable(e);
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
        String path = "/images/" + image.repository() + "/push?tag=" + URLEncoder.encode(image.tag(), StandardCharsets.UTF_8);
        credentials.ifPresentOrElse(
                found -> events.debug(service + ": pushing to " + image.registryHost() + " with credentials from " + found.source()),
                () -> events.debug(service + ": pushing to " + image.registryHost() + " without credentials"));
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path(path)
                .putHeader(RegistryAuthHeader.NAME, registryAuthHeader(image, credentials))
                .build();
        Map<String, String> layerStates = new HashMap<>();
        String digest = null;
        String error = null;
        try (DockerHttpClient.Response response = engine.http().execute(request)) {
            if (response.getStatusCode() >= 300) {
                String body = readAll(response.getBody());
                throw new ImagePushException(service, "pushing " + image.reference() + " for service " + service
                        + " failed: " + response.getStatusCode() + " " + EngineConnection.errorMessage(body));
            }
            try (MappingIterator<JsonNode> items = engine.json().readerFor(JsonNode.class).readValues(response.getBody())) {
                while (items.hasNextValue()) {
                    JsonNode item = items.nextValue();
                    if (item.hasNonNull("error") || item.has("errorDetail")) {
                        error = item.path("errorDetail").path("message").asText(item.path("error").asText());
                        continue;
                    }
                    String aux = item.path("aux").path("Digest").asText("");
                    if (!aux.isEmpty()) {
                        digest = aux;
                    }
                    String status = item.path("status").asText("");
                    String layer = item.path("id").asText("");
                    if (!layer.isEmpty() && !status.isEmpty() && !status.equals(layerStates.put(layer, status))) {
                        emit(progressLevel, service, ImageProgress.Stage.LAYER, layer + " " + status);
                    } else if (layer.isEmpty() && !status.isEmpty()) {
                        Matcher matcher = DIGEST.matcher(status);
                        if (digest == null && matcher.find()) {
                            digest = matcher.group(1);
                        }
                        events.debug(service + ": " + status);
                    }
                }
            }
        } catch (ImagePushException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw unreachable(e);
        }
        if (error != null) {
            throw new ImagePushException(service, "pushing " + image.reference() + " for service " + service + " failed: " + error);
        }
        if (digest == null) {
            throw new ImagePushException(service, "pushing " + image.reference() + " for service " + service
                    + " ended without a digest from " + engine.description());
        }
        emit(Level.INFO, service, ImageProgress.Stage.PUSHED, "pushed " + image.reference() + " " + digest);
        return new PushedImage(service, image.reference(), image.tag(), digest);
    }

    private String registryAuthHeader(ImageName image, Optional<RegistryCredentials> credentials) {
        return RegistryAuthHeader.encode(image.registryAddress(), credentials);
    }

    private static AuthConfig authConfig(ImageName image, RegistryCredentials credentials) {
        return new AuthConfig()
                .withRegistryAddress(image.registryAddress())
                .withUsername(credentials.username())
                .withPassword(credentials.password());
    }

    private ImagePushException failure(String service, BuildOutput output, String message, Throwable cause) {
        if (!output.recent.isEmpty()) {
            events.on(new ImageProgress(Level.ERROR, service, ImageProgress.Stage.BUILD_OUTPUT,
                    "last build output before the failure:"));
            output.recent.forEach(line -> events.on(new ImageProgress(Level.ERROR, service, ImageProgress.Stage.BUILD_OUTPUT, "  " + line)));
        }
        return cause == null ? new ImagePushException(service, message) : new ImagePushException(service, message, cause);
    }

    private EngineException unreachable(Throwable e) {
        return EngineException.unreachable(engine.description(), e);
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

    private static String engineMessage(DockerException e) {
        String body = e.getMessage() == null ? "" : e.getMessage();
        // docker-java's message is "Status 500: {\"message\":\"...\"}"
        int brace = body.indexOf('{');
        if (brace >= 0) {
            return EngineConnection.errorMessage(body.substring(brace));
        }
        return body.strip();
    }

    private static String readAll(InputStream in) throws IOException {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Collects the build's stream: steps, output, the image id, the error. */
    private final class BuildOutput extends ResultCallback.Adapter<BuildResponseItem> {
        private final String service;
        private final Deque<String> recent = new ArrayDeque<>();
        private volatile String imageId;
        private volatile String error;

        BuildOutput(String service) {
            this.service = service;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                return;
            }
            if (item.getAux() != null || item.isBuildSuccessIndicated()) {
                String id = item.getImageId();
                if (id != null) {
                    imageId = id;
                }
            }
            String stream = item.getStream();
            if (stream == null) {
                return;
            }
            for (String line : stream.split("\n")) {
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
