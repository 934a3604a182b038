package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.image.DistributionLookup;
import io.github.swarmdeploy.core.image.ImageReference;
import io.github.swarmdeploy.core.naming.StackLabels;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides the image each service runs under the {@link ImagePolicy}: {@code name:tag@sha256:…} when the
 * registry was asked and answered, with the image's platforms as placement (as docker's client does). A tag
 * that is not looked up (policy, or a registry that does not answer) keeps the digest the running service is
 * pinned to when its tag is the same, and the platforms that pin came with, so that the service is not
 * restarted only because a digest could not be recorded; otherwise the image is used as written.
 */
public final class ImagePinning {

    private final ImagePolicy policy;
    private final Function<ImageReference, DistributionLookup.Result> lookup;
    private final Map<String, DistributionLookup.Result> answers = new HashMap<>();

    /** @param lookup asks the registry (through the engine); each image is asked once per deploy */
    public ImagePinning(ImagePolicy policy, Function<ImageReference, DistributionLookup.Result> lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    /**
     * The image to deploy for a service whose files say {@code written}.
     *
     * @param written the image from the compose file; must be a valid reference
     * @param live    the service as it runs, if it exists
     */
    public Decision decide(String written, Optional<LiveStack.Service> live) {
        ImageReference reference = ImageReference.parse(written);
        if (reference.hasDigest()) {
            return new Decision(written, false, "");
        }
        boolean ask = switch (policy) {
            case ALWAYS -> true;
            case CHANGED -> live.map(service -> !written.equals(service.labels().get(StackLabels.IMAGE))).orElse(true);
            case NEVER -> false;
        };
        String problem = "";
        if (ask) {
            DistributionLookup.Result answer = answers.computeIfAbsent(written, image -> lookup.apply(reference));
            if (answer.digest().isPresent()) {
                return new Decision(reference.pinnedTo(answer.digest().get()).toString(), true, "", answer.platforms());
            }
            problem = answer.problem();
        }
        Optional<LiveStack.Service> pinnedBefore = live.filter(service -> sameTag(service.image(), reference));
        if (pinnedBefore.isPresent()) {
            return new Decision(pinnedBefore.get().image(), false, problem, platforms(pinnedBefore.get()));
        }
        return new Decision(written, false, problem);
    }

    /** The platforms a running service's placement is restricted to. */
    private static List<DistributionLookup.Platform> platforms(LiveStack.Service service) {
        List<DistributionLookup.Platform> platforms = new ArrayList<>();
        for (JsonNode platform : service.spec().path("TaskTemplate").path("Placement").path("Platforms")) {
            platforms.add(new DistributionLookup.Platform(platform.path("OS").asText(""),
                    platform.path("Architecture").asText("")));
        }
        return platforms;
    }

    private static boolean sameTag(String running, ImageReference written) {
        if (!ImageReference.isValid(running)) {
            return false;
        }
        ImageReference current = ImageReference.parse(running);
        return current.name().equals(written.name()) && current.tagOrLatest().equals(written.tagOrLatest());
    }

    /**
     * @param image     what the service spec will name
     * @param resolved  whether a digest was looked up for it just now
     * @param problem   why the registry could not be asked or did not answer, "" when it did or was not asked
     * @param platforms the platforms the service's placement is restricted to with this image (docker sets
     *                  them when it pins a digest); empty: none
     * @param promotedFrom the stack (or images file) whose image this is, by digest ({@link Promotion})
     */
    public record Decision(String image, boolean resolved, String problem, List<DistributionLookup.Platform> platforms,
                           Optional<String> promotedFrom) {

        public Decision {
            platforms = List.copyOf(platforms);
            java.util.Objects.requireNonNull(promotedFrom, "promotedFrom");
        }

        /** An image this deploy resolved itself (or left as written). */
        public Decision(String image, boolean resolved, String problem, List<DistributionLookup.Platform> platforms) {
            this(image, resolved, problem, platforms, Optional.empty());
        }

        /** An image without platforms. */
        public Decision(String image, boolean resolved, String problem) {
            this(image, resolved, problem, List.of());
        }

        public boolean failed() {
            return !problem.isEmpty();
        }
    }
}
