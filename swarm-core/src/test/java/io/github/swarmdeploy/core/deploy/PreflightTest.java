package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.ObjectNamer;
import io.github.swarmdeploy.core.convert.StackConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreflightTest {

    @TempDir
    Path dir;

    private List<String> warnings(String yaml, int availableNodes) throws IOException {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, yaml);
        StackDefinition definition = StackLoader.forFiles(List.of(file)).environment(Map.of())
                .displayPathsRelativeTo(dir).load().definition();
        DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert("shop", definition);
        return new Preflight(definition::locate).warnings(desired, availableNodes);
    }

    private static final String WEB = """
            services:
              web:
                image: registry.example/web:1
                ports:
                  - target: 8080
                    published: 80
                    mode: host
                deploy:
                  replicas: %d
                  endpoint_mode: dnsrr
                  update_config:
                    order: %s
                    monitor: 1s
            """;

    @Test
    void startFirstWithAHostModePortAndNoFreeNodeIsWarnedAtTheOrderLineWithTheFix() throws IOException {
        assertEquals(List.of("compose.yaml:12:16 services.web.deploy.update_config.order: updates of shop_web can never "
                        + "complete: they are start-first, port 80 is published in host mode (a node binds it for one "
                        + "task only), 1 replica on 1 node that takes tasks leaves none free, and Swarm stops the old "
                        + "task only once the new one runs (\"no suitable node (host-mode port already in use)\"). Use "
                        + "order: stop-first (the old task stops first: a short gap), or leave a node free for the new task"),
                warnings(WEB.formatted(1, "start-first"), 1));
        assertEquals(1, warnings(WEB.formatted(3, "start-first"), 2).size());
        assertEquals(1, warnings(WEB.formatted(1, "start-first").replace("      replicas: 1\n", ""), 1).size(),
                "no replicas: Swarm's default of one");
    }

    @Test
    void aGlobalServiceNeverHasANodeFree() throws IOException {
        List<String> warnings = warnings("""
                services:
                  agent:
                    image: registry.example/agent:1
                    ports: [{target: 9100, published: 9100, mode: host}]
                    deploy:
                      mode: global
                      update_config: {order: start-first}
                """, 5);
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("port 9100 is published in host mode (a node binds it for one task only), "
                + "it is global (a task on every node), and"), warnings::toString);
    }

    @Test
    void noWarningForStopFirstIngressPortsOrASpareNode() throws IOException {
        assertEquals(List.of(), warnings(WEB.formatted(1, "stop-first"), 1));
        assertEquals(List.of(), warnings(WEB.formatted(1, "start-first"), 2), "a second node takes the new task");
        assertEquals(List.of(), warnings(WEB.formatted(0, "start-first"), 1));
        // (an ingress-mode port cannot go with endpoint_mode: dnsrr: the engine refuses that, and so does convert)
        assertEquals(List.of(), warnings(WEB.formatted(1, "start-first").replace("mode: host", "mode: ingress")
                .replace("      endpoint_mode: dnsrr\n", ""), 1));
    }
}
