package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.sandbox.SandboxRegistry;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Digest look-ups through the engine against the sandbox registry. */
class DistributionLookupIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    @Test
    void digestIsTheOneTheRegistryServesForTheTag() {
        ImageReference image = ImageReference.parse(SandboxSwarm.baseImage());

        DistributionLookup.Result result = new DistributionLookup(sandbox.connection().swarm()).fetchDigest(image, Optional.empty());

        String registryDigest = SandboxRegistry.registryDigest(image.path(), image.tagOrLatest())
                .orElseThrow(() -> new AssertionError("the registry serves no digest for " + image));
        assertEquals(Optional.of(registryDigest), result.digest(), result.problem());
    }

    @Test
    void unknownTagGivesTheEnginesReasonAndNoDigest() {
        ImageReference image = ImageReference.parse(SandboxSwarm.registry() + "/sandbox/busybox:no-such-tag-" + System.nanoTime());

        DistributionLookup.Result result = new DistributionLookup(sandbox.connection().swarm()).fetchDigest(image, Optional.empty());

        assertTrue(result.digest().isEmpty());
        assertFalse(result.problem().isBlank());
    }
}
