package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.core.DockerClientConfig;

/**
 * docker-java's model objects as the Engine API JSON its commands send: serialised by docker-java's own object
 * mapper, so that our subclasses' extra fields (and docker-java's unset ones, left out) come out as they would.
 */
final class SpecJson {

    private static final ObjectMapper DOCKER_JAVA = DockerClientConfig.getDefaultObjectMapper();

    private SpecJson() {
    }

    static ObjectNode of(Object model) {
        return DOCKER_JAVA.valueToTree(model);
    }
}
