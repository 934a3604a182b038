package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.engine.EngineJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistributionLookupTest {

    @Test
    void platformsAreTheRegistrysInOrderWithArmArchitectureCleared() throws Exception {
        var answer = new ObjectMapper().readTree("""
                {"Descriptor": {"digest": "sha256:abc"}, "Platforms": [{"architecture": "amd64", "os": "linux"},
                 {"architecture": "arm", "os": "linux", "variant": "v7"},
                 {"architecture": "arm64", "os": "linux", "variant": "v8"},
                 {"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.1"}]}
                """);

        assertEquals(List.of(new DistributionLookup.Platform("linux", "amd64"), new DistributionLookup.Platform("linux", ""),
                        new DistributionLookup.Platform("linux", "arm64"), new DistributionLookup.Platform("windows", "amd64")),
                DistributionLookup.platforms(EngineJson.distribution(answer).platforms()));
    }

    @Test
    void aRegistryThatWantsCredentialsAskedWithoutAnyIsToldHowToPassThem() {
        String engine = "Get \"https://127.0.0.1:5443/v2/p/web/manifests/v1\": no basic auth credentials";
        String hinted = DistributionLookup.withCredentialsHint(engine, false);
        assertTrue(hinted.startsWith(engine + "; the registry wants credentials: pass them with DeployOptions.registryAuth=true"), hinted);
        assertEquals(engine, DistributionLookup.withCredentialsHint(engine, true), "credentials were passed: no hint");
        assertEquals("manifest unknown", DistributionLookup.withCredentialsHint("manifest unknown", false));
    }
}
