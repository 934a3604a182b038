package io.github.swarmdeploy.core.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image build on the engine ({@code POST /build}): the context directory (sent as a tar without what its
 * {@code .dockerignore} excludes), the Dockerfile in it, the build arguments, the tag to give the image. Never
 * pulls, removes intermediate containers, also those of a failed step.
 *
 * @param login the registry login the build may pull its base images with
 */
public record ImageBuild(Path context, Path dockerfile, String tag, Map<String, String> buildArgs,
                         Optional<RegistryLogin> login) {

    public ImageBuild {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(tag, "tag");
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(login, "login");
    }

    /**
     * Credentials for one registry.
     *
     * @param registryAddress the registry as the engine keys its credentials ({@code registry.example:5000},
     *                        {@code https://index.docker.io/v1/})
     */
    public record RegistryLogin(String registryAddress, String username, String password) {

        @Override
        public String toString() {
            return "RegistryLogin[" + registryAddress + ", " + username + ", password hidden]";
        }
    }

    /**
     * One item of the build's output stream.
     *
     * @param stream  the text of a step or of its output, "" when the item carries none
     * @param error   the build's error, once it failed
     * @param imageId the built image's ID, once known
     */
    public record Output(String stream, Optional<String> error, Optional<String> imageId) {
    }
}
