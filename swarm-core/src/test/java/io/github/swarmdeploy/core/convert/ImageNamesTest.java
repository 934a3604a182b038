package io.github.swarmdeploy.core.convert;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docker's Go client tags the image of a service spec before sending it. */
class ImageNamesTest {

    @ParameterizedTest
    @CsvSource({
            "redis,redis:latest",
            "redis:7,redis:7",
            "docker.io/library/redis,redis:latest",
            "index.docker.io/library/redis:7,redis:7",
            "docker.io/bitnami/redis,bitnami/redis:latest",
            "bitnami/redis,bitnami/redis:latest",
            "127.0.0.1:5000/sandbox/busybox,127.0.0.1:5000/sandbox/busybox:latest",
            "localhost/app,localhost/app:latest",
            "registry.example.com:4000/postgresql,registry.example.com:4000/postgresql:latest",
            "busybox@sha256:38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d,"
                    + "busybox@sha256:38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d",
            "busybox:1.36@sha256:38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d,"
                    + "busybox:1.36@sha256:38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d",
            // not parseable: sent as written
            "registry.example.com/PROJECT-NAME/backend:1,registry.example.com/PROJECT-NAME/backend:1",
            "Redis,Redis",
            "a4bc65fd,a4bc65fd:latest",
            "38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d,"
                    + "38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d",
            "busybox@sha256:abc,busybox@sha256:abc"})
    void withDefaultTag(String image, String sent) {
        assertEquals(sent, ImageNames.withDefaultTag(image));
    }
}
