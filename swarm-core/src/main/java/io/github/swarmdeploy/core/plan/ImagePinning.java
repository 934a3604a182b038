package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.image.DistributionLookup;
import io.github.swarmdeploy.core.image.ImageReference;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides the image each service runs under the {@link ImagePolicy}: {@code name:tag@sha256:…} when the
 * registry was asked and answered. A tag that is not looked up (policy, or a registry that does not answer)
 * keeps the digest the running service is pinned to when its tag is the same, so that the service is not
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
                return new Decision(reference.pinnedTo(answer.digest().get()).toString(), true, "");
            }
            problem = answer.problem();
        }
        Optional<String> pinnedBefore = live.map(LiveStack.Service::image).filter(image -> sameTag(image, reference));
        return new Decision(pinnedBefore.orElse(written), false, problem);
    }

    private static boolean sameTag(String running, ImageReference written) {
        if (!ImageReference.isValid(running)) {
            return false;
        }
        ImageReference current = ImageReference.parse(running);
        return current.name().equals(written.name()) && current.tagOrLatest().equals(written.tagOrLatest());
    }

    /**
     * @param image    what the service spec will name
     * @param resolved whether a digest was looked up for it just now
     * @param problem  why the registry could not be asked or did not answer, "" when it did or was not asked
     */
    public record Decision(String image, boolean resolved, String problem) {

        public boolean failed() {
            return !problem.isEmpty();
        }
    }
}
