package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.ObjectNamer;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.naming.ContentHash;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.LiveStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreflightTest {

    @TempDir
    Path dir;

    private StackDefinition definition(String yaml) throws IOException {
        return definition(yaml, Map.of());
    }

    private StackDefinition definition(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, yaml);
        return StackLoader.forFiles(List.of(file)).environment(environment).displayPathsRelativeTo(dir).load()
                .definition();
    }

    private List<String> warnings(String yaml, int availableNodes) throws IOException {
        StackDefinition definition = definition(yaml);
        DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert("shop", definition);
        return new Preflight(definition::positionOf).warnings(desired, availableNodes);
    }

    private List<String> problems(String yaml, List<LiveStack.PublishedPort> otherPorts) throws IOException {
        StackDefinition definition = definition(yaml);
        DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert("shop", definition);
        LiveStack live = new LiveStack("shop", "1.41", List.of(), List.of(), List.of(), List.of(), otherPorts);
        return new Preflight(definition::positionOf).checkAgainst(desired, live, Map.of(), false).stream()
                .map(Problem::toString).toList();
    }

    @Test
    void aPortAnotherServicePublishesIsRefusedUnlessBothUseHostMode() throws IOException {
        String db = """
                services:
                  db:
                    image: registry.example/db:1
                    ports:
                      - "5432:5432"
                """;
        LiveStack.PublishedPort ingress = new LiveStack.PublishedPort("other_postgres", 5432, "tcp", true);
        assertEquals(List.of("compose.yaml:5:7 services.db.ports: port 5432/tcp is already published by service"
                        + " other_postgres (not in this stack) in ingress mode; two services can share a published"
                        + " port only when both publish it in mode: host"),
                problems(db, List.of(ingress)));
        String hostMode = db.replace("- \"5432:5432\"", "- {target: 5432, published: 5432, mode: host}");
        assertEquals(1, problems(hostMode, List.of(ingress)).size(), "host mode against an ingress port");
        LiveStack.PublishedPort host = new LiveStack.PublishedPort("other_postgres", 5432, "tcp", false);
        assertEquals(List.of(), problems(hostMode, List.of(host)), "both host mode: Swarm's scheduler sorts it out");
        assertEquals(List.of(), problems(db, List.of(new LiveStack.PublishedPort("dns", 5432, "udp", true))),
                "another protocol");
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

    private static final String SHARED_NAME = """
            services:
              api:
                image: registry.example/api:1
                configs: [a, b]
                secrets: [pw, pw2]
            configs:
              a:
                name: shop_conf_v1
                content: "%s"
              b:
                name: shop_conf_v1
                content: "one"
            secrets:
              pw:
                name: shop_pw_v1
                environment: PW
              pw2:
                name: shop_pw_v1
                environment: PW2
            """;

    private List<String> sharedNameProblems(String yaml, Map<String, String> environment) throws IOException {
        StackDefinition definition = definition(yaml, environment);
        DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert("shop", definition);
        return new Preflight(definition::positionOf).checkSharedNames(desired).stream().map(Problem::toString).toList();
    }

    @Test
    void twoKeysThatNameOneConfigOrSecretWithOtherContentAreRefusedNamingBoth() throws IOException {
        List<String> problems = sharedNameProblems(SHARED_NAME.formatted("two"), Map.of("PW", "s3cr3t-1",
                "PW2", "s3cr3t-2"));

        assertEquals(List.of("compose.yaml:11:5 configs.b: config name \"shop_conf_v1\" is also the name of configs.a"
                + " (compose.yaml:8:5), with other content or labels: Swarm keeps one config per name and cannot change its"
                + " content; give one of them another name, or drop name: so that every content gets its own name",
                "compose.yaml:18:5 secrets.pw2: secret name \"shop_pw_v1\" is also the name of secrets.pw"
                + " (compose.yaml:15:5), with other content or labels: Swarm keeps one secret per name and cannot change"
                + " its content; give one of them another name, or drop name: so that every content gets its own name"),
                problems);
        assertTrue(problems.stream().noneMatch(problem -> problem.contains("s3cr3t")), problems::toString);
    }

    @Test
    void twoKeysThatNameOneConfigWithTheSameContentAreOneConfig() throws IOException {
        assertEquals(List.of(), sharedNameProblems(SHARED_NAME.formatted("one"), Map.of("PW", "same", "PW2", "same")));
    }

    private static final String NAMED_SECRET = """
            services:
              api:
                image: registry.example/api:1
                secrets: [db_password]
            secrets:
              db_password:
                name: shop_db_password_v1
                environment: DB_PASSWORD
            """;

    private List<String> secretProblems(String password, SecretVersionKey key, Map<String, String> existingLabels)
            throws IOException {
        StackDefinition definition = definition(NAMED_SECRET, Map.of("DB_PASSWORD", password));
        LiveStack live = new LiveStack("shop", "1.41", List.of(), List.of(), List.of(), List.of(
                new LiveStack.SwarmObject("s1", "shop_db_password_v1", existingLabels, Instant.EPOCH)));
        return new Preflight(definition::positionOf).checkAgainst(namedSecret(definition, key), live, Map.of(), false)
                .stream().map(Problem::toString).toList();
    }

    private static DesiredStack namedSecret(StackDefinition definition, SecretVersionKey key) {
        return new StackConverter(new ContentVersionNamer(definition, event -> { }, key)).convert("shop", definition);
    }

    /**
     * A secret with an explicit name cannot change content under that name. Whether it did is told by its hash label:
     * plain, as an older swarm-deploy wrote it, or keyed, made under this stack's key or another one.
     */
    @Test
    void aNamedSecretIsComparedByTheHashItWasLabelledWithWhateverWroteIt() throws IOException {
        SecretVersionKey key = SecretVersionKey.generate();
        Map<String, String> plain = plainLabels("shop", "db_password", "hunter2");
        Map<String, String> keyed = secretLabels("hunter2", key);

        assertEquals(List.of(), secretProblems("hunter2", key, plain), "labelled by an older swarm-deploy, same content");
        assertEquals(List.of(), secretProblems("hunter2", key, keyed), "same content, same key");
        assertEquals(List.of(), secretProblems("hunter2", SecretVersionKey.generate(), keyed),
                "under another key nothing can be told: the name stands");
        String changed = "compose.yaml:7:5 secrets.db_password: a secret named \"shop_db_password_v1\" exists with other"
                + " content, and Swarm secrets cannot change: give it a new name, or drop name: so that every content gets"
                + " its own name";
        assertEquals(List.of(changed), secretProblems("hunter3", key, plain));
        assertEquals(List.of(changed), secretProblems("hunter3", key, keyed));
    }

    private Map<String, String> secretLabels(String password, SecretVersionKey key) throws IOException {
        return namedSecret(definition(NAMED_SECRET, Map.of("DB_PASSWORD", password)), key).secrets().get(0).labels();
    }

    /** Labels as swarm-deploy wrote them before secrets were keyed: the plain content hash. */
    private static Map<String, String> plainLabels(String stack, String key, String content) {
        return StackLabels.forVersionedObject(stack, key,
                ContentHash.of(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private List<String> placementProblems(String yaml, List<SwarmNode> nodes) throws IOException {
        StackDefinition definition = definition(yaml);
        DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert("shop", definition);
        return new Preflight(definition::positionOf).checkPlacement(desired, nodes).stream().map(Problem::toString).toList();
    }

    private static SwarmNode node(String hostname, String role, String state, Map<String, String> labels) {
        return new SwarmNode("id-" + hostname, hostname, role, state, "active", "10.0.0.1", "linux", "x86_64", labels,
                Map.of());
    }

    private static final List<SwarmNode> NODES = List.of(node("manager", "manager", "ready", Map.of("zone", "a")),
            node("worker1", "worker", "ready", Map.of("zone", "b")), node("worker2", "worker", "down", Map.of("zone", "c")));

    /** Swarm accepts a constraint no node satisfies and keeps the tasks pending for ever: refused before any change. */
    @Test
    void aPlacementConstraintNoNodeSatisfiesIsRefusedNamingItAndTheNodes() throws IOException {
        String yaml = """
                services:
                  api:
                    image: registry.example/api:1
                    deploy:
                      placement:
                        constraints:
                          - node.role == worker
                          - node.labels.zone == %s
                """;
        assertEquals(List.of("compose.yaml:7:11 services.api.deploy.placement.constraints: no node satisfies the"
                + " placement constraint node.labels.zone == mars (nodes: manager, worker1, worker2): Swarm would keep"
                + " the tasks of shop_api pending for ever; change the constraint, or give a node what it asks for"
                + " (node.labels.*: docker node update --label-add)"), placementProblems(yaml.formatted("mars"), NODES));
        assertTrue(placementProblems(yaml.formatted("a"), NODES).get(0).contains("no node satisfies all of the"
                + " placement constraints node.role == worker, node.labels.zone == a together"), "each alone: yes");
        assertEquals(List.of(), placementProblems(yaml.formatted("c"), NODES),
                "worker2 is down but satisfies them: it may come back, and the rollout says so if it does not");
        assertEquals(List.of(), placementProblems(yaml.formatted("mars").replace("    deploy:\n",
                "    deploy:\n      mode: global\n"), NODES), "a global service runs where it matches: nowhere is allowed");
        assertEquals(List.of(), placementProblems(yaml.formatted("mars").replace("    deploy:\n",
                "    deploy:\n      replicas: 0\n"), NODES));
        assertEquals(List.of(), placementProblems(yaml.formatted("mars"), List.of()), "no nodes to judge by");
    }

    private static final String SMALL_NETWORK = """
            services:
              api:
                image: registry.example/api:1
                networks: [small]
                deploy:
                  replicas: %d
                  endpoint_mode: %s
            networks:
              small:
                ipam:
                  config:
                    - subnet: 10.9.8.0/29
            """;

    /** A /29 has 5 addresses for tasks: 8, less the network's, the broadcast and the gateway. */
    @Test
    void aNetworkWhoseSubnetCannotHoldTheTasksVirtualIpsAndLoadBalancersIsWarnedAbout() throws IOException {
        assertEquals(List.of("compose.yaml:12:9 networks.small.ipam.config: network shop_small cannot hold what the"
                + " stack asks of it: its subnet 10.9.8.0/29 has 5 addresses for 3 tasks, 1 virtual IP (endpoint_mode:"
                + " vip) and up to 2 for the nodes' load balancers (6). Swarm leaves the tasks it cannot address in state"
                + " new, and the rollout fails; declare a larger subnet (ipam.config), use endpoint_mode: dnsrr where no"
                + " virtual IP is needed, or spread the services over more networks"),
                warnings(SMALL_NETWORK.formatted(3, "vip"), 2));
        assertEquals(List.of(), warnings(SMALL_NETWORK.formatted(3, "dnsrr"), 2), "dnsrr needs no virtual IP: 5 fit");
        assertEquals(List.of(), warnings(SMALL_NETWORK.formatted(4, "dnsrr"), 1));
        assertEquals(1, warnings(SMALL_NETWORK.formatted(4, "dnsrr"), 2).size());
    }

    /** Issue 17: 200 services on one stack network exhausted Swarm's default /24 without a word. */
    @Test
    void manyServicesOnTheDefaultNetworkAreWarnedAboutAtSwarmsDefaultSubnet() throws IOException {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < 200; i++) {
            yaml.append("  s").append(i).append(":\n    image: registry.example/s:1\n");
        }
        List<String> warnings = warnings(yaml.toString(), 3);
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("networks.default: network shop_default cannot hold what the stack asks"
                + " of it: its subnet, Swarm's default /24 (none is declared), has 253 addresses for 200 tasks, 200"
                + " virtual IPs (endpoint_mode: vip) and up to 3 for the nodes' load balancers (403)."), warnings::toString);
        assertEquals(List.of(), warnings("services:\n  one:\n    image: registry.example/s:1\n", 3));
    }
}
