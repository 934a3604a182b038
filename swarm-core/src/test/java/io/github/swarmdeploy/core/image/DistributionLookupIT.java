package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Digest look-ups through the engine against the sandbox registry. */
class DistributionLookupIT {

    private static EngineConnection engine;

    @BeforeAll
    static void connect() {
        engine = SandboxSwarm.requireManager();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void digestIsTheOneTheRegistryServesForTheTag() throws Exception {
        ImageReference image = ImageReference.parse(SandboxSwarm.baseImage());

        DistributionLookup.Result result = new DistributionLookup(engine).fetchDigest(image, Optional.empty());

        assertEquals(Optional.of(registryDigest(image)), result.digest(), result.problem());
    }

    @Test
    void unknownTagGivesTheEnginesReasonAndNoDigest() {
        ImageReference image = ImageReference.parse(SandboxSwarm.registry() + "/sandbox/busybox:no-such-tag-" + System.nanoTime());

        DistributionLookup.Result result = new DistributionLookup(engine).fetchDigest(image, Optional.empty());

        assertTrue(result.digest().isEmpty());
        assertFalse(result.problem().isBlank());
    }

    /** The digest the registry itself reports for the tag (Docker-Content-Digest of the manifest). */
    private static String registryDigest(ImageReference image) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + image.domain() + "/v2/" + image.path()
                        + "/manifests/" + image.tagOrLatest()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.docker.distribution.manifest.list.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json")
                .build();
        HttpResponse<Void> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }
}
