package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.SwarmDeployException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageNameTest {

    @Test
    void imageIsPrefixServiceAndTag() {
        ImageName name = ImageName.of("registry.gitlab.com/group/app/", "nginx-proxy", "20240727_a5fa34c7");
        assertEquals("registry.gitlab.com/group/app/nginx-proxy:20240727_a5fa34c7", name.reference());
        assertEquals("registry.gitlab.com", name.registryHost());
    }

    @Test
    void registryHostKeepsItsPort() {
        ImageName name = ImageName.of("127.0.0.1:5000/sandbox", "backend", "t");
        assertEquals("127.0.0.1:5000", name.registryHost());
        assertEquals("127.0.0.1:5000", name.registryAddress());
    }

    @Test
    void prefixWithoutHostMeansDockerHub() {
        ImageName name = ImageName.of("acme", "backend", "t");
        assertEquals(ImageName.DOCKER_HUB, name.registryHost());
        assertEquals("https://index.docker.io/v1/", name.registryAddress());
        assertEquals("localhost:5000", ImageName.of("localhost:5000/x", "y", "t").registryHost());
    }

    @Test
    void upperCaseServiceIsRejectedBeforeTheEngineSeesIt() {
        SwarmDeployException e = assertThrows(SwarmDeployException.class, () -> ImageName.of("127.0.0.1:5000/app", "Backend", "t"));
        assertTrue(e.getMessage().contains("'Backend'"), e.getMessage());
    }
}
