package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.image.DistributionLookup;
import io.github.swarmdeploy.core.image.ImageReference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePinningTest {

    private static final String DIGEST_A = "sha256:" + "a".repeat(64);
    private static final String DIGEST_B = "sha256:" + "b".repeat(64);
    private final List<String> asked = new ArrayList<>();

    private Function<ImageReference, DistributionLookup.Result> registry(String digest) {
        return reference -> {
            asked.add(reference.toString());
            return new DistributionLookup.Result(Optional.ofNullable(digest), digest == null ? "connection refused" : "");
        };
    }

    private static LiveStack.Service running(String image, String writtenImage) {
        ObjectNode spec = new ObjectMapper().createObjectNode();
        spec.putObject("Labels").put("com.docker.stack.image", writtenImage);
        spec.putObject("TaskTemplate").putObject("ContainerSpec").put("Image", image);
        return new LiveStack.Service("id", "app_web", 3, spec, Optional.empty(), "");
    }

    /** A service docker deployed with its default --resolve-image always: pinned, placement on the image's platforms. */
    private static LiveStack.Service pinnedByDocker(String image, String writtenImage) {
        LiveStack.Service service = running(image, writtenImage);
        ((ObjectNode) service.spec().get("TaskTemplate")).putObject("Placement").putArray("Platforms")
                .addObject().put("Architecture", "amd64").put("OS", "linux");
        return service;
    }

    @Test
    void resolvedImageComesWithThePlatformsTheRegistryNames() {
        List<DistributionLookup.Platform> platforms = List.of(new DistributionLookup.Platform("linux", "amd64"),
                new DistributionLookup.Platform("linux", ""));
        ImagePinning pinning = new ImagePinning(ImagePolicy.ALWAYS,
                reference -> new DistributionLookup.Result(Optional.of(DIGEST_A), platforms, ""));

        ImagePinning.Decision decision = pinning.decide("reg.io/app:1", Optional.empty());

        assertEquals(platforms, decision.platforms());
    }

    @Test
    void keptPinKeepsThePlatformsItWasDeployedWith() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.NEVER, registry(DIGEST_B));

        ImagePinning.Decision decision = pinning.decide("reg.io/app:1",
                Optional.of(pinnedByDocker("reg.io/app:1@" + DIGEST_A, "reg.io/app:1")));

        assertEquals("reg.io/app:1@" + DIGEST_A, decision.image());
        assertEquals(List.of(new DistributionLookup.Platform("linux", "amd64")), decision.platforms());
    }

    @Test
    void newTagWithoutLookupHasNoPlatforms() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.NEVER, registry(DIGEST_B));

        ImagePinning.Decision decision = pinning.decide("reg.io/app:2",
                Optional.of(pinnedByDocker("reg.io/app:1@" + DIGEST_A, "reg.io/app:1")));

        assertEquals("reg.io/app:2", decision.image());
        assertEquals(List.of(), decision.platforms());
    }

    @Test
    void alwaysPinsTheDigestTheRegistryNames() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.ALWAYS, registry(DIGEST_A));
        ImagePinning.Decision decision = pinning.decide("reg.io/app:1", Optional.empty());
        assertEquals("reg.io/app:1@" + DIGEST_A, decision.image());
        assertTrue(decision.resolved());
    }

    @Test
    void alwaysAsksAgainForAnUnchangedTagAndSeesANewDigest() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.ALWAYS, registry(DIGEST_B));
        ImagePinning.Decision decision = pinning.decide("reg.io/app:1",
                Optional.of(running("reg.io/app:1@" + DIGEST_A, "reg.io/app:1")));
        assertEquals("reg.io/app:1@" + DIGEST_B, decision.image());
    }

    @Test
    void changedDoesNotAskWhenTheWrittenImageIsTheDeployedOne() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.CHANGED, registry(DIGEST_B));
        ImagePinning.Decision decision = pinning.decide("reg.io/app:1",
                Optional.of(running("reg.io/app:1@" + DIGEST_A, "reg.io/app:1")));
        assertEquals("reg.io/app:1@" + DIGEST_A, decision.image(), "keeps the running pin");
        assertEquals(List.of(), asked);
    }

    @Test
    void changedAsksForANewTag() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.CHANGED, registry(DIGEST_B));
        ImagePinning.Decision decision = pinning.decide("reg.io/app:2",
                Optional.of(running("reg.io/app:1@" + DIGEST_A, "reg.io/app:1")));
        assertEquals("reg.io/app:2@" + DIGEST_B, decision.image());
    }

    @Test
    void neverUsesTheImageAsWrittenForANewService() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.NEVER, registry(DIGEST_B));
        assertEquals("reg.io/app:2", pinning.decide("reg.io/app:2", Optional.empty()).image());
        assertEquals(List.of(), asked);
    }

    @Test
    void failedLookupWarnsAndKeepsTheRunningPinOfTheSameTag() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.ALWAYS, registry(null));
        ImagePinning.Decision same = pinning.decide("reg.io/app", Optional.of(running("reg.io/app:latest@" + DIGEST_A, "reg.io/app")));
        ImagePinning.Decision other = pinning.decide("reg.io/app:2", Optional.of(running("reg.io/app:1@" + DIGEST_A, "reg.io/app:1")));

        assertEquals("reg.io/app:latest@" + DIGEST_A, same.image());
        assertTrue(same.failed());
        assertEquals("connection refused", same.problem());
        assertEquals("reg.io/app:2", other.image());
        assertFalse(other.resolved());
    }

    @Test
    void eachImageIsAskedOnce() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.ALWAYS, registry(DIGEST_A));
        pinning.decide("reg.io/app:1", Optional.empty());
        pinning.decide("reg.io/app:1", Optional.empty());
        assertEquals(1, asked.size());
    }

    @Test
    void writtenDigestIsUsedAsIs() {
        ImagePinning pinning = new ImagePinning(ImagePolicy.ALWAYS, registry(DIGEST_B));
        assertEquals("reg.io/app:1@" + DIGEST_A, pinning.decide("reg.io/app:1@" + DIGEST_A, Optional.empty()).image());
        assertEquals(List.of(), asked);
    }
}
