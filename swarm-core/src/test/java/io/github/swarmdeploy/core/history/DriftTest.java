package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DriftTest {

    private static final ObjectNode WEB = Records.spec("web", "reg/app:v1@sha256:" + "1".repeat(64),
            Map.of("MODE", "prod"), List.of("shop_prod_page_0123456789abcdef"), List.of());
    private static final ObjectNode WORKER = Records.spec("worker", "reg/worker:v1");

    /** The spec as the engine reports it: network by ID, config IDs, what Swarm fills in, a forced update. */
    private static ObjectNode asLive(ObjectNode spec) {
        ObjectNode live = spec.deepCopy();
        ((ObjectNode) live.at("/TaskTemplate/Networks/0")).put("Target", "net-id-1");
        for (JsonNode config : live.at("/TaskTemplate/ContainerSpec/Configs")) {
            ((ObjectNode) config).put("ConfigID", "config-id-1");
        }
        ((ObjectNode) live.get("TaskTemplate")).put("ForceUpdate", 2).putObject("RestartPolicy").put("Condition", "any");
        live.putObject("EndpointSpec").put("Mode", "vip");
        return live;
    }

    private static List<Drift.ServiceDrift> drift(Map<String, JsonNode> live) {
        return Drift.between(Records.applied(WEB, WORKER), live, id -> id.equals("net-id-1") ? "shop_prod_default" : id,
                "1.41");
    }

    @Test
    void whatTheEngineFillsInIsNoDrift() {
        assertEquals(List.of(), drift(Map.of("shop_prod_web", asLive(WEB), "shop_prod_worker", asLive(WORKER))));
    }

    @Test
    void anEnvironmentVariableAddedByHandIsDriftNamedWithoutItsValue() {
        ObjectNode web = asLive(WEB);
        ((ArrayNode) web.at("/TaskTemplate/ContainerSpec/Env")).add("DEBUG=secret-looking-value");

        List<Drift.ServiceDrift> drift = drift(Map.of("shop_prod_web", web, "shop_prod_worker", asLive(WORKER)));

        assertEquals(1, drift.size(), drift::toString);
        assertEquals("shop_prod_web", drift.get(0).service());
        assertEquals(Drift.Kind.CHANGED, drift.get(0).kind());
        assertEquals("environment: +DEBUG", drift.get(0).describe());
    }

    @Test
    void servicesRemovedOrCreatedSinceAreDrift() {
        Map<String, JsonNode> live = new LinkedHashMap<>();
        live.put("shop_prod_web", asLive(WEB));
        live.put("shop_prod_adhoc", asLive(Records.spec("adhoc", "reg/tool:1")));

        List<Drift.ServiceDrift> drift = drift(live);

        assertEquals(List.of("shop_prod_worker removed since", "shop_prod_adhoc created since, not by a deploy"),
                drift.stream().map(d -> d.service() + " " + d.describe()).toList());
    }
}
