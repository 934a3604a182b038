package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.gitlab.MergeRequestNotes;
import io.github.swarmdeploy.core.image.EngineImageBuilder;
import io.github.swarmdeploy.core.image.ImageTag;
import io.github.swarmdeploy.core.image.ImageTagger;
import io.github.swarmdeploy.core.image.ProgressStyle;
import io.github.swarmdeploy.core.image.PushedImage;
import io.github.swarmdeploy.core.image.RegistryAuthLookup;
import io.github.swarmdeploy.core.image.ServiceImagePush;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point for an embedder's images: the tag of this build ({@link #tag}) and the build and push of the
 * services' images on the engine ({@link #push}), with the tagger, the registry credentials (given ones, CI variables,
 * the docker CLI's) and the merge-request notes wired inside. docs/embedding.md has a complete program.
 *
 * <pre>{@code
 * ImageRelease images = ImageRelease.builder(directory).environment(System.getenv()).build();
 * ImageTag tag = images.tag();                                        // e.g. 20240726_abcdef12
 * List<PushedImage> pushed = images.push(engine, tag, List.of("backend"));
 * }</pre>
 *
 * <p>Each service's Dockerfile is {@code <service>/Dockerfile} when it exists, else the directory's {@code Dockerfile}
 * with the build argument {@code DAEMON=<service>}; the build context is the directory.
 */
public final class ImageRelease {

    private final Path directory;
    private final Map<String, String> environment;
    private final EventListener listener;
    private final Clock clock;
    private final String tagFormat;
    private final Optional<String> imagePrefix;
    private final Path imagesFile;
    private final ProgressStyle progress;
    private final String registryUsername;
    private final String registryPassword;
    private final Optional<MergeRequestNotes> notes;

    private ImageRelease(Builder builder) {
        this.directory = builder.directory;
        this.environment = Map.copyOf(builder.environment);
        this.listener = builder.listener;
        this.clock = builder.clock;
        this.tagFormat = builder.tagFormat;
        this.imagePrefix = builder.imagePrefix;
        this.imagesFile = builder.imagesFile != null ? builder.imagesFile : directory.resolve("images.json");
        this.progress = builder.progress;
        this.registryUsername = builder.registryUsername;
        this.registryPassword = builder.registryPassword;
        this.notes = Optional.ofNullable(builder.notes);
    }

    /** Images built from {@code directory}, the build context holding the Dockerfiles (and the git repository). */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * The tag of this build, computed from {@link Builder#tagFormat} (default {@code {date}_{sha8}}): the commit from
     * {@code CI_COMMIT_SHA}, {@code GITHUB_SHA} or the git repository of the directory; {@code SWARM_TAG} in the
     * environment (an earlier job's tag, handed on) wins.
     */
    public ImageTag tag() {
        return tag(null, null);
    }

    /**
     * @param explicitTag wins when not blank (checked to be a valid tag)
     * @param version     the project version for the placeholder {@code {version}}; may be null
     */
    public ImageTag tag(String explicitTag, String version) {
        return new ImageTagger(environment, clock, listener).ignoringOwnOutputs(List.of(imagesFile))
                .computeTag(directory, explicitTag, tagFormat, version);
    }

    /**
     * Builds the images of {@code services} on the engine, in order, and pushes each as
     * {@code <imagePrefix>/<service>:<tag>}, stopping at the first failure; writes the images file (what was pushed,
     * also on failure) and, when notes are configured, tells the merge request.
     *
     * @throws InvalidOptionException when services are given but no image prefix ({@link Builder#imagePrefix}, else
     *                                {@code CI_REGISTRY_IMAGE})
     */
    public List<PushedImage> push(EngineConnection engine, ImageTag tag, List<String> services) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(tag, "tag");
        if (services.isEmpty()) {
            return ServiceImagePush.nothingToBuild(imagesFile, listener);
        }
        String prefix = ServiceImagePush.imagePrefix(imagePrefix.orElse(null), environment, services);
        RegistryAuthLookup credentials = RegistryAuthLookup.builder().given(registryUsername, registryPassword)
                .environment(environment).events(listener).build();
        return new ServiceImagePush(new EngineImageBuilder(engine.swarm(), listener, progress), credentials, notes,
                listener).run(new ServiceImagePush.Request(directory, services, prefix, tag,
                ServiceImagePush.DEFAULT_SERVICE_ARG, imagesFile));
    }

    /** Where the images come from and go to; {@link #build()} makes the release. */
    public static final class Builder {

        private final Path directory;
        private Map<String, String> environment = Map.of();
        private EventListener listener = event -> { };
        private Clock clock = Clock.systemUTC();
        private String tagFormat = ImageTagger.DEFAULT_FORMAT;
        private Optional<String> imagePrefix = Optional.empty();
        private Path imagesFile;
        private ProgressStyle progress = ProgressStyle.PLAIN;
        private String registryUsername;
        private String registryPassword;
        private MergeRequestNotes notes;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        }

        /**
         * The process environment: CI variables naming the commit, the branch, the pipeline's start, the registry
         * ({@code CI_REGISTRY_IMAGE}, {@code CI_JOB_TOKEN}, {@code DOCKER_AUTH_CONFIG}).
         */
        public Builder environment(Map<String, String> value) {
            this.environment = Objects.requireNonNull(value, "environment");
            return this;
        }

        /** Who hears what is computed, built and pushed. */
        public Builder listener(EventListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Gives the date of {@code {date}} when no pipeline start is known. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Placeholders {@code {date} {sha8} {sha} {branch} {version}}; blank means {@code {date}_{sha8}}. */
        public Builder tagFormat(String value) {
            this.tagFormat = value;
            return this;
        }

        /** Images are {@code <prefix>/<service>:<tag>}; blank means {@code CI_REGISTRY_IMAGE} of the environment. */
        public Builder imagePrefix(String value) {
            this.imagePrefix = Optional.ofNullable(value).filter(prefix -> !prefix.isBlank()).map(String::strip);
            return this;
        }

        /** Where the list of pushed images (JSON) goes; default {@code images.json} in the directory. */
        public Builder imagesFile(Path value) {
            this.imagesFile = value;
            return this;
        }

        /** How much of building and pushing the listener hears. */
        public Builder progress(ProgressStyle value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /** Registry credentials that win over the environment's and the docker CLI's; never logged. */
        public Builder registryCredentials(String username, String password) {
            this.registryUsername = username;
            this.registryPassword = password;
            return this;
        }

        /** Notes to the merge request of this pipeline (see {@link MergeRequestNotes#configure}). */
        public Builder mergeRequestNotes(MergeRequestNotes value) {
            this.notes = value;
            return this;
        }

        public ImageRelease build() {
            return new ImageRelease(this);
        }
    }
}
