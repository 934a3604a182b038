package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.gitlab.MergeRequestNotes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds and pushes the images of the selected services (each through {@link EngineImageBuilder}), in order, stopping at the first failure; then
 * writes {@code images.json} and, when configured, tells the merge request what happened.
 *
 * <p>Each service's Dockerfile is {@code <service>/Dockerfile} when it exists, else the base directory's
 * {@code Dockerfile} with the build argument {@code <serviceArg>=<service>} (default {@code DAEMON}).
 * The build context is always the base directory, so its {@code .dockerignore} applies.
 */
public final class ServiceImagePush {

    public static final String DEFAULT_SERVICE_ARG = "DAEMON";

    /** GitLab's variable naming the project's image repository, the default image prefix. */
    public static final String REGISTRY_IMAGE = "CI_REGISTRY_IMAGE";

    private final EngineImageBuilder publisher;
    private final RegistryAuthLookup credentials;
    private final Optional<MergeRequestNotes> notes;
    private final EventListener events;

    public ServiceImagePush(EngineImageBuilder publisher, RegistryAuthLookup credentials, Optional<MergeRequestNotes> notes,
                     EventListener events) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.notes = Objects.requireNonNull(notes, "notes");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * @param baseDirectory build context, holding the service directories and the shared Dockerfile
     * @param services      in build order; empty means nothing to build
     * @param imagePrefix   images are {@code <imagePrefix>/<service>:<tag>}; needed when services is not empty
     * @param serviceArg    the build argument that names the service for the shared Dockerfile
     * @param imagesFile    where {@code images.json} goes
     */
    public record Request(Path baseDirectory, List<String> services, String imagePrefix, ImageTag tag,
                          String serviceArg, Path imagesFile) {
        public Request {
            Objects.requireNonNull(baseDirectory, "baseDirectory");
            services = List.copyOf(services);
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(serviceArg, "serviceArg");
            Objects.requireNonNull(imagesFile, "imagesFile");
        }
    }

    public List<PushedImage> run(Request request) {
        if (request.services().isEmpty()) {
            return nothingToBuild(request.imagesFile(), events);
        }
        imagePrefix(request.imagePrefix(), Map.of(), request.services());
        List<EngineImageBuilder.BuildRequest> builds = plan(request);
        List<PushedImage> pushed = new ArrayList<>();
        for (EngineImageBuilder.BuildRequest build : builds) {
            Optional<RegistryCredentials> auth = credentials.find(build.image().registryHost());
            try {
                publisher.build(build, auth);
                pushed.add(publisher.push(build.service(), build.image(), auth));
            } catch (SwarmDeployException e) {
                ImagesFile.write(request.imagesFile(), pushed);
                notes.ifPresent(mr -> mr.post(failureNote(build.service(), e.getMessage(), request.tag(), pushed)));
                throw e;
            }
        }
        ImagesFile.write(request.imagesFile(), pushed);
        notes.ifPresent(mr -> mr.post(successNote(request.tag(), pushed)));
        return List.copyOf(pushed);
    }

    /**
     * The prefix of the images of {@code services}: {@code given} when not blank, else {@code CI_REGISTRY_IMAGE} of
     * the environment.
     *
     * @throws InvalidOptionException when there is none
     */
    public static String imagePrefix(String given, Map<String, String> environment, List<String> services) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String registryImage = environment.get(REGISTRY_IMAGE);
        if (registryImage != null && !registryImage.isBlank()) {
            return registryImage.strip();
        }
        throw new InvalidOptionException(Option.IMAGE_PREFIX, "", "No image prefix for " + services + ": set "
                + Option.IMAGE_PREFIX + " (e.g. registry.example.com/group/app) or run where " + REGISTRY_IMAGE
                + " is set");
    }

    /**
     * No service selected: says so and writes an empty {@code images.json}. Front-ends call it directly
     * to avoid opening an engine for nothing.
     */
    public static List<PushedImage> nothingToBuild(Path imagesFile, EventListener events) {
        events.info("Nothing to build: no service selected");
        ImagesFile.write(imagesFile, List.of());
        return List.of();
    }

    /** Every service's Dockerfile and image, checked before anything is built. */
    List<EngineImageBuilder.BuildRequest> plan(Request request) {
        Path base = request.baseDirectory();
        Path shared = base.resolve("Dockerfile");
        List<EngineImageBuilder.BuildRequest> builds = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String service : request.services()) {
            Path own = base.resolve(service).resolve("Dockerfile");
            ImageName image = ImageName.of(request.imagePrefix(), service, request.tag().value());
            if (Files.isRegularFile(own)) {
                builds.add(new EngineImageBuilder.BuildRequest(service, base, own, Map.of(), image));
            } else if (Files.isRegularFile(shared)) {
                builds.add(new EngineImageBuilder.BuildRequest(service, base, shared,
                        Map.of(request.serviceArg(), service), image));
            } else {
                missing.add(service);
            }
        }
        if (!missing.isEmpty()) {
            throw new SwarmDeployException("no Dockerfile for service(s) " + String.join(", ", missing) + ": neither "
                    + base.resolve("<service>/Dockerfile") + " nor " + shared + " exists");
        }
        return builds;
    }

    /** The note for a push where every image arrived. */
    static String successNote(ImageTag tag, List<PushedImage> pushed) {
        StringBuilder note = new StringBuilder(":white_check_mark: swarm-deploy pushed ")
                .append(pushed.size()).append(pushed.size() == 1 ? " image" : " images")
                .append(" tagged `").append(tag.value()).append("`\n\n");
        pushed.forEach(image -> note.append(line(image)));
        return note.toString();
    }

    /** The note for a push that stopped at {@code service}. */
    static String failureNote(String service, String error, ImageTag tag, List<PushedImage> pushedBefore) {
        StringBuilder note = new StringBuilder(":x: swarm-deploy: the image of service `").append(service)
                .append("` (tag `").append(tag.value()).append("`) failed\n\n```\n")
                .append(error.replace("```", "'''")).append("\n```\n");
        if (!pushedBefore.isEmpty()) {
            note.append("\nPushed before the failure:\n\n");
            pushedBefore.forEach(image -> note.append(line(image)));
        }
        return note.toString();
    }

    private static String line(PushedImage image) {
        return "- `" + image.service() + "`: `" + image.image() + "` (`" + image.digest() + "`)\n";
    }
}
