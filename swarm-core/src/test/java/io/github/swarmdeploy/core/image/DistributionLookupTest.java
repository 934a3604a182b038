package io.github.swarmdeploy.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistributionLookupTest {

    @Test
    void platformsAreTheRegistrysInOrderWithArmArchitectureCleared() throws Exception {
        var answer = new ObjectMapper().readTree("""
                [{"architecture": "amd64", "os": "linux"},
                 {"architecture": "arm", "os": "linux", "variant": "v7"},
                 {"architecture": "arm64", "os": "linux", "variant": "v8"},
                 {"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.1"}]
                """);

        assertEquals(List.of(new DistributionLookup.Platform("linux", "amd64"), new DistributionLookup.Platform("linux", ""),
                        new DistributionLookup.Platform("linux", "arm64"), new DistributionLookup.Platform("windows", "amd64")),
                DistributionLookup.platforms(answer));
    }
}
