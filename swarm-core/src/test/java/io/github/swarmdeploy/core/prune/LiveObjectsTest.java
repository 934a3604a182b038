package io.github.swarmdeploy.core.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsAConfigAsTheEngineListsIt() throws Exception {
        JsonNode node = JSON.readTree("""
                {"ID":"zl81k3lp3jrpx92m5obh5v263","Version":{"Index":27},
                 "CreatedAt":"2024-07-04T07:06:32.364922032Z","UpdatedAt":"2024-07-04T07:06:32.364922032Z",
                 "Spec":{"Name":"shop_prod_nginx_conf-1a2b3c","Data":"YQo=",
                         "Labels":{"com.docker.stack.namespace":"shop_prod","io.github.swarmdeploy.managed":"true",
                                   "io.github.swarmdeploy.key":"nginx_conf","io.github.swarmdeploy.hash":"1a2b3c"}}}
                """);

        StackObject config = LiveObjects.configOrSecret(ObjectKind.CONFIG, EngineJson.dataObject(node));

        assertEquals("zl81k3lp3jrpx92m5obh5v263", config.id());
        assertEquals("shop_prod_nginx_conf-1a2b3c", config.name());
        assertEquals(Instant.parse("2024-07-04T07:06:32.364922032Z"), config.createdAt());
        assertEquals(27, config.versionIndex());
        assertEquals("shop_prod", config.namespace().orElseThrow());
        assertEquals("nginx_conf", config.key().orElseThrow());
        assertTrue(config.isManaged());
    }

    @Test
    void readsASwarmNetworkAndTreatsAnUnreadableDateAsNewest() throws Exception {
        StackObject network = LiveObjects.network(EngineJson.network(JSON.readTree("""
                {"Name":"shop_prod_default","Id":"jyovra1em7mbsamxf0hgq3l28","Created":"2024-07-04T09:06:32.36+02:00",
                 "Scope":"swarm","Driver":"overlay","Labels":{"com.docker.stack.namespace":"shop_prod"}}
                """)));
        StackObject odd = LiveObjects.network(EngineJson.network(JSON.readTree("""
                {"Name":"n","Id":"x","Created":"yesterday","Labels":null}
                """)));

        assertEquals(Instant.parse("2024-07-04T07:06:32.36Z"), network.createdAt());
        assertFalse(network.isManaged());
        assertEquals(Instant.MAX, odd.createdAt());
        assertTrue(odd.labels().isEmpty());
    }

    @Test
    void aServiceReferencesWhatItsCurrentAndPreviousSpecsName() throws Exception {
        JsonNode node = JSON.readTree("""
                {"ID":"94ungdpli3qc","Spec":{"Name":"shop_prod_web","TaskTemplate":{
                   "ContainerSpec":{"Image":"x",
                     "Configs":[{"File":{"Name":"/c"},"ConfigID":"cfg-new","ConfigName":"shop_prod_app-new"}],
                     "Secrets":[{"File":{"Name":"s"},"SecretID":"sec-1","SecretName":"shop_prod_pw-1"}],
                     "Privileges":{"CredentialSpec":{"Config":"cfg-cred"}}},
                   "Networks":[{"Target":"net-1"}]},
                   "Networks":[{"Target":"net-legacy"}]},
                 "PreviousSpec":{"Name":"shop_prod_web","TaskTemplate":{
                   "ContainerSpec":{"Image":"x","Configs":[{"ConfigID":"cfg-old","ConfigName":"shop_prod_app-old"}]}}}}
                """);

        ServiceUsage usage = LiveObjects.service(EngineJson.service(node));

        assertEquals("shop_prod_web", usage.service());
        assertEquals(Set.of("cfg-new", "shop_prod_app-new", "cfg-cred"), usage.current().configs());
        assertEquals(Set.of("sec-1", "shop_prod_pw-1"), usage.current().secrets());
        assertEquals(Set.of("net-1", "net-legacy"), usage.current().networks());
        assertEquals(Set.of("cfg-old", "shop_prod_app-old"), usage.previous().configs());
        assertEquals(Set.of(), usage.previous().networks());
    }

    @Test
    void aServiceNeverUpdatedHasNoPreviousSpec() throws Exception {
        ServiceUsage usage = LiveObjects.service(EngineJson.service(JSON.readTree("""
                {"ID":"abc","Spec":{"Name":"solo","TaskTemplate":{"ContainerSpec":{"Image":"x"}}}}
                """)));

        assertEquals(SpecReferences.NONE, usage.previous());
        assertEquals(SpecReferences.NONE, usage.current());
    }

    @Test
    void theEnginesWaysOfSayingInUseAreRecognised() {
        assertTrue(StackPrune.isInUse(new EngineException(400, "DELETE /configs/x failed on e: 400 rpc error: "
                + "code = InvalidArgument desc = config 'a' is in use by the following service: b")));
        assertTrue(StackPrune.isInUse(new EngineException(400, "DELETE /networks/x failed on e: 400 rpc error: "
                + "code = FailedPrecondition desc = network n is in use by service s")));
        assertTrue(StackPrune.isInUse(new EngineException(403, "error while removing network: network n id x "
                + "has active endpoints")));
        assertTrue(StackPrune.isInUse(new EngineException(409, "conflict")));
        assertFalse(StackPrune.isInUse(new EngineException(500, "DELETE /configs/x failed on e: 500 boom")));
        assertFalse(StackPrune.isInUse(new EngineException("cannot reach the Docker engine: in use",
                new java.io.IOException())));
    }
}
