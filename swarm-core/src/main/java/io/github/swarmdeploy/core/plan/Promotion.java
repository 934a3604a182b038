package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.image.DistributionLookup;
import io.github.swarmdeploy.core.image.ImageReference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Promotion by digest (from a stack, or from an images file): a service of the files whose image
 * repository is what a service of the source runs gets the exact image the source runs now (its digest), not what
 * the tag means today. Pure: the source was read beforehand.
 *
 * <p>Matching: the source's service of the same key (name within the stack) when there is one, and then its
 * repository must be the same (a mismatch is refused: promoting {@code web} across two different images would be a
 * mistake); otherwise the source's services running the same repository, which must agree on one digest.
 * A service without a match keeps its own resolution. A matched source service that is not converged (an update
 * under way, paused or rolled back, tasks missing) or runs no digest is refused. Every refusal names the service;
 * the deploy then changes nothing.
 */
public final class Promotion {

    private Promotion() {
    }

    /**
     * What the source of a promotion runs.
     *
     * @param name     how the plan names it: the stack ({@code project_dev}) or the images file
     * @param services by key
     */
    public record Source(String name, List<SourceService> services) {

        public Source {
            Objects.requireNonNull(name, "name");
            services = List.copyOf(services);
        }
    }

    /**
     * One service of the source.
     *
     * @param key          its name within the source stack ({@code web}), or the service an images file lists
     * @param image        the image it runs, pinned ({@code name:tag@sha256:…}) when the source knows the digest
     * @param platforms    the platforms the source's placement restricts it to
     * @param notConverged what is wrong when it is not where its spec wants it ("" when it is)
     */
    public record SourceService(String key, String image, List<DistributionLookup.Platform> platforms,
                                String notConverged) {

        public SourceService {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(image, "image");
            platforms = List.copyOf(platforms);
            Objects.requireNonNull(notConverged, "notConverged");
        }
    }

    /**
     * A service of the files: its key, Swarm name and image as written.
     */
    public record Target(String key, String name, String image) {
    }

    /**
     * The outcome for a whole stack.
     *
     * @param decisions the promoted services' images, by Swarm name (the others keep their own resolution)
     * @param refusals  why the promotion cannot be done, one line per service
     */
    public record Result(Map<String, ImagePinning.Decision> decisions, List<String> refusals) {

        public Result {
            decisions = Map.copyOf(decisions);
            refusals = List.copyOf(refusals);
        }
    }

    public static Result match(List<Target> targets, Source source) {
        Map<String, ImagePinning.Decision> decisions = new LinkedHashMap<>();
        List<String> refusals = new ArrayList<>();
        for (Target target : targets) {
            if (!ImageReference.isValid(target.image())) {
                continue; // the deploy's own checks name an invalid image
            }
            String repository = repository(target.image());
            Optional<SourceService> sameKey = source.services().stream()
                    .filter(service -> service.key().equals(target.key())).findFirst();
            List<SourceService> matches;
            if (sameKey.isPresent()) {
                String theirs = ImageReference.isValid(sameKey.get().image()) ? repository(sameKey.get().image()) : "";
                if (!theirs.equals(repository)) {
                    refusals.add("service " + target.name() + ": its image repository "
                            + ImageReference.parse(target.image()).name() + " is not the one "
                            + source.name() + "'s " + target.key() + " runs (" + sameKey.get().image() + "); nothing to"
                            + " promote from there: fix the image, or deploy without promotion");
                    continue;
                }
                matches = List.of(sameKey.get());
            } else {
                matches = source.services().stream().filter(service -> ImageReference.isValid(service.image())
                        && repository(service.image()).equals(repository)).toList();
            }
            if (matches.isEmpty()) {
                continue;
            }
            List<String> problems = new ArrayList<>();
            for (SourceService match : matches) {
                if (!match.notConverged().isEmpty()) {
                    problems.add(source.name() + "'s " + match.key() + " is not converged (" + match.notConverged()
                            + "): what it runs is not settled; wait until it is, or fix it");
                } else if (!ImageReference.parse(match.image()).hasDigest()) {
                    problems.add(source.name() + "'s " + match.key() + " runs " + match.image() + " without a digest:"
                            + " what it runs exactly is unknown");
                }
            }
            List<String> digests = matches.stream().map(match -> ImageReference.parse(match.image()).digest())
                    .distinct().toList();
            if (problems.isEmpty() && digests.size() > 1) {
                problems.add(source.name() + " runs " + ImageReference.parse(target.image()).name()
                        + " with different digests (" + matches.stream()
                        .map(match -> match.key() + " " + ImageText.shortenDigest(match.image()))
                        .collect(Collectors.joining(", ")) + "): which one to promote is not clear");
            }
            if (!problems.isEmpty()) {
                problems.forEach(problem -> refusals.add("service " + target.name() + ": " + problem));
                continue;
            }
            SourceService chosen = matches.get(0);
            decisions.put(target.name(), new ImagePinning.Decision(chosen.image(), false, "", chosen.platforms(),
                    Optional.of(source.name())));
        }
        return new Result(decisions, refusals);
    }

    /** The repository, as the registry knows it ({@code docker.io/library/busybox} for {@code busybox}). */
    static String repository(String image) {
        ImageReference reference = ImageReference.parse(image);
        String path = reference.domain().isEmpty() && !reference.path().contains("/")
                ? "library/" + reference.path() : reference.path();
        return reference.registry() + "/" + path;
    }
}
