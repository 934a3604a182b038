package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Go's and docker-java's encodings of the same request compare equal; different meanings do not. */
class SentRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode normalised(String body) throws Exception {
        return SentRequests.byKindAndName(List.of(new SentRequests.Sent("services", JSON.readTree(body))),
                Map.of("stk", "<stack>")).path("services").path("<stack>_web");
    }

    @Test
    void zeroValuesGoWritesAndNullsDockerJavaWritesAreTheSame() throws Exception {
        assertEquals(
                normalised("""
                        {"Name":"stk_web","TaskTemplate":{"ContainerSpec":{"Image":"x","Privileges":{"CredentialSpec":null,
                         "SELinuxContext":null,"NoNewPrivileges":false},"Configs":[{"ConfigID":"abc","ConfigName":"c"}]},
                         "ForceUpdate":0},"UpdateConfig":{"Parallelism":1,"MaxFailureRatio":0,"Order":""},
                         "Mode":{"Replicated":{}}}"""),
                normalised("""
                        {"Name":"stk_web","TaskTemplate":{"ContainerSpec":{"Image":"x","Hostname":null,"Privileges":{},
                         "Configs":[{"ConfigID":"def","ConfigName":"c"}]}},"UpdateConfig":{"Parallelism":1,
                         "MaxFailureRatio":null},"Mode":{"mode":null,"Replicated":{},"Global":null}}"""));
    }

    @Test
    void zeroesThatMeanSomethingStay() throws Exception {
        assertNotEquals(normalised("{\"Name\":\"stk_web\",\"Mode\":{\"Replicated\":{\"Replicas\":0}}}"),
                normalised("{\"Name\":\"stk_web\",\"Mode\":{\"Replicated\":{}}}"));
        assertNotEquals(normalised("{\"Name\":\"stk_web\",\"Mode\":{\"Replicated\":{}}}"),
                normalised("{\"Name\":\"stk_web\",\"Mode\":{}}"));
        assertNotEquals(normalised("{\"Name\":\"stk_web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Init\":false}}}"),
                normalised("{\"Name\":\"stk_web\",\"TaskTemplate\":{\"ContainerSpec\":{}}}"));
    }
}
