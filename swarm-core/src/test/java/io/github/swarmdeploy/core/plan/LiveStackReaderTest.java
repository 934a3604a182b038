package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.engine.EngineJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveStackReaderTest {

    @Test
    void publishedPortsOfAServiceAsTheEngineReportsThem() throws IOException {
        // spec ports as written (mode and protocol may be absent), plus the port Swarm allocated for 9000
        String service = """
                {"Spec": {"Name": "other_web", "EndpointSpec": {"Ports": [
                   {"TargetPort": 80, "PublishedPort": 8080},
                   {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 53, "PublishMode": "host"},
                   {"Protocol": "tcp", "TargetPort": 9000, "PublishMode": "ingress"}]}},
                 "Endpoint": {"Ports": [
                   {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"},
                   {"Protocol": "tcp", "TargetPort": 9000, "PublishedPort": 30000, "PublishMode": "ingress"}]}}
                """;

        assertEquals(List.of(new LiveStack.PublishedPort("other_web", 8080, "tcp", true),
                        new LiveStack.PublishedPort("other_web", 53, "udp", false),
                        new LiveStack.PublishedPort("other_web", 30000, "tcp", true)),
                LiveStackReader.publishedPorts(EngineJson.service(new ObjectMapper().readTree(service))));
    }
}
