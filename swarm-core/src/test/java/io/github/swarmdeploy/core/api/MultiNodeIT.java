package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.NotSwarmManagerException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import io.github.swarmdeploy.core.sandbox.SwarmCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploying to a swarm of three nodes: a private {@link SwarmCluster} (a manager and two workers, each a dockerd in
 * a network namespace of this class), started once for the class and removed after it, also when a test fails.
 * Node labels: {@code zone=a} on the manager, {@code zone=b} on both workers.
 */
class MultiNodeIT {

    /**
     * {@code everywhere} runs one task per node; {@code onworkers} one on each worker ({@code node.role == worker},
     * at most one per node); {@code spread} four, spread evenly over the zones, at most two per node. (busybox
     * httpd, PID 1, ignores SIGTERM: a short grace period spares the ten seconds Swarm waits for each task to stop.)
     */
    private static final String PLACEMENT_YAML = """
            services:
              everywhere:
                image: ${IMAGE}
                stop_grace_period: 1s
                deploy:
                  mode: global
                  endpoint_mode: dnsrr
                  update_config:
                    monitor: 1s
              onworkers:
                image: ${IMAGE}
                stop_grace_period: 1s
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  placement:
                    max_replicas_per_node: 1
                    constraints:
                      - node.role == worker
                  update_config:
                    monitor: 1s
              spread:
                image: ${IMAGE}
                stop_grace_period: 1s
                deploy:
                  replicas: 4
                  endpoint_mode: dnsrr
                  placement:
                    max_replicas_per_node: 2
                    preferences:
                      - spread: node.labels.zone
                  update_config:
                    monitor: 1s
            """;

    /** Three replicas, one per node, updated one at a time with a pause between two. */
    private static final String ROLLING_YAML = """
            services:
              rolling:
                image: ${IMAGE}
                stop_grace_period: 1s
                environment:
                  REVISION: ${REVISION}
                deploy:
                  replicas: 3
                  endpoint_mode: dnsrr
                  placement:
                    max_replicas_per_node: 1
                  update_config:
                    parallelism: 1
                    delay: 1s
                    order: stop-first
                    monitor: 1s
            """;

    /**
     * StackDeploymentIT's {@code web} (one replica, a host-mode port, update order from ORDER) plus {@code trio}:
     * three replicas, a host-mode port, start-first.
     */
    private static final String HOST_PORT_YAML = StackDeploymentIT.HOST_PORT_YAML + """
              trio:
                image: ${IMAGE}
                stop_grace_period: 1s
                ports:
                  - target: 8080
                    published: ${TRIO_PORT}
                    mode: host
                deploy:
                  replicas: 3
                  endpoint_mode: dnsrr
                  update_config:
                    order: start-first
                    monitor: 1s
            """;

    private static final Pattern COUNTS = Pattern.compile(": (\\d)/3 running");

    @RegisterExtension
    static final SwarmCluster.PerClass nodes = SwarmCluster.perClass(2);

    private static String image;
    private static SwarmCluster cluster;

    @BeforeAll
    static void labelZones() {
        image = DeployFixture.clusterImage();
        cluster = nodes.cluster();
        cluster.managerNode().label("zone", "a");
        cluster.workers().forEach(worker -> worker.label("zone", "b"));
    }

    @Test
    void globalWorkerOnlyAndSpreadServicesArePlacedAsTheirSpecsSayAndARedeployChangesNothing() {
        Set<String> workers = new TreeSet<>(cluster.workers().stream().map(SwarmCluster.Node::nodeId).toList());
        try (DeployFixture stack = new DeployFixture("placement", cluster.managerHost()).compose(PLACEMENT_YAML)
                .variable("IMAGE", image)) {
            DeployResult first = stack.deploy();

            assertTrue(first.isSuccess(), stack::log);
            assertConverged(first, stack.stack + "_everywhere", "3/3 running");
            assertConverged(first, stack.stack + "_onworkers", "2/2 running");
            assertConverged(first, stack.stack + "_spread", "4/4 running");

            Map<String, String> everywhere = oneTaskPerNode(stack, "everywhere", "a global service");
            Map<String, String> onWorkers = runningTasks(stack.engine, stack.stack + "_onworkers");
            assertEquals(workers, new TreeSet<>(onWorkers.values()), "one task on each worker: " + named(onWorkers));
            assertEquals(2, onWorkers.size(), () -> named(onWorkers));
            Map<String, String> spread = runningTasks(stack.engine, stack.stack + "_spread");
            Map<String, Integer> perNode = count(spread.values());
            assertTrue(perNode.values().stream().allMatch(tasks -> tasks <= 2), "at most 2 per node: " + named(spread));
            long inZoneA = spread.values().stream().filter(cluster.managerNode().nodeId()::equals).count();
            assertEquals(2, inZoneA, "spread over the zones: 2 in zone a (the manager), 2 in zone b: " + named(spread));
            // each worker's own engine runs them: the image reached it through the registry
            for (SwarmCluster.Node worker : cluster.workers()) {
                assertEquals(1, runningContainers(worker.engine(), stack.stack + "_everywhere"), worker::log);
                assertEquals(1, runningContainers(worker.engine(), stack.stack + "_onworkers"), worker::log);
            }

            List<String> objects = stack.objects();
            stack.events.clear();
            DeployResult second = stack.deploy();

            assertTrue(second.isSuccess(), stack::log);
            assertFalse(second.plan().hasChanges(), second.plan()::toString);
            assertEquals(objects, stack.objects(), "no service, network or config changed version");
            assertEquals(everywhere, runningTasks(stack.engine, stack.stack + "_everywhere"), "no task replaced");
            assertEquals(onWorkers, runningTasks(stack.engine, stack.stack + "_onworkers"), "no task replaced");
            assertEquals(spread, runningTasks(stack.engine, stack.stack + "_spread"), "no task replaced");
            for (DeployResult.ServiceResult service : second.services()) {
                assertEquals(Change.Action.UNCHANGED, service.action(), service::toString);
                ServiceOutcome look = service.rollout().orElseThrow(() -> new AssertionError("no rollout look: " + service));
                assertEquals(Verdict.HEALTHY, look.verdict(), look::summary);
            }
        }
    }

    /**
     * A worker's engine cannot deploy: the manager check reads what only a manager answers, and the worker's refusal
     * is explained from its {@code /info} in docker's words; the manager's engine passes the same check.
     */
    @Test
    void aWorkersEngineIsRefusedInDockersWordsAndTheManagersPasses() {
        SwarmCluster.Node worker = cluster.workers().get(0);

        NotSwarmManagerException refused = assertThrows(NotSwarmManagerException.class,
                () -> worker.engine().requireSwarmManager());

        assertEquals("the Docker engine at " + worker.host() + ": This node is not a swarm manager. Worker nodes "
                + "can't be used to view or modify cluster state. Please run this command on a manager node or promote "
                + "the current node to a manager.", refused.getMessage());
        cluster.manager().requireSwarmManager();
    }

    /**
     * {@code parallelism: 1} with a {@code delay}: Swarm replaces one task at a time, on each of the three nodes in
     * turn, and the deploy reports the count going up one by one before its verdict.
     */
    @Test
    void aRollingUpdateWithParallelismOneReplacesOneTaskAtATimeAcrossTheThreeNodesAndIsReportedInOrder() {
        try (DeployFixture stack = new DeployFixture("rolling", cluster.managerHost()).compose(ROLLING_YAML)
                .variable("IMAGE", image).variable("REVISION", "1")) {
            assertTrue(stack.deploy().isSuccess(), stack::log);
            Map<String, String> before = oneTaskPerNode(stack, "rolling", "max_replicas_per_node: 1");

            stack.events.clear();
            stack.variable("REVISION", "2");
            DeployResult updated = stack.deploy();

            assertTrue(updated.isSuccess(), stack::log);
            assertConverged(updated, stack.stack + "_rolling", "3/3 running");
            Map<String, String> after = oneTaskPerNode(stack, "rolling", "max_replicas_per_node: 1, after the update");
            assertTrue(after.keySet().stream().noneMatch(before::containsKey), "every task was replaced: " + after);

            // Swarm's record: each new task was created only once the one before it ran
            List<JsonNode> replacements = new ArrayList<>();
            for (JsonNode task : tasks(stack.engine, stack.stack + "_rolling")) {
                if (after.containsKey(task.path("ID").asText())) {
                    replacements.add(task);
                }
            }
            replacements.sort(Comparator.comparing(task -> Instant.parse(task.path("CreatedAt").asText())));
            for (int i = 1; i < replacements.size(); i++) {
                Instant created = Instant.parse(replacements.get(i).path("CreatedAt").asText());
                Instant previousRunning = Instant.parse(replacements.get(i - 1).path("Status").path("Timestamp").asText());
                assertTrue(created.isAfter(previousRunning), "task " + (i + 1) + " was created after task " + i
                        + " ran: " + replacements);
            }
            // and the deploy told it in that order
            List<Integer> counts = new ArrayList<>();
            for (Event event : stack.events) {
                Matcher matcher = COUNTS.matcher(event.message());
                if (event.message().startsWith(stack.stack + "_rolling: updating") && matcher.find()) {
                    counts.add(Integer.parseInt(matcher.group(1)));
                }
            }
            assertTrue(counts.containsAll(List.of(1, 2)), "1/3 and 2/3 reported: " + counts + "\n" + stack.log());
            for (int i = 1; i < counts.size(); i++) {
                assertTrue(counts.get(i) >= counts.get(i - 1), "counts only go up: " + counts + "\n" + stack.log());
            }
        }
    }

    /**
     * The start-first check counts the nodes that take tasks: on three nodes one replica with a host-mode port can
     * be updated start-first (the new task starts on another node) and is not warned about; three replicas are.
     */
    @Test
    void startFirstWithAHostModePortIsWarnedAboutOnlyWhenNoNodeIsLeftFreeAndUpdatesOntoAFreeNode() {
        try (DeployFixture stack = new DeployFixture("multiport", cluster.managerHost()).compose(HOST_PORT_YAML)
                .variable("IMAGE", image).variable("REVISION", "1").variable("ORDER", "start-first")
                .variable("PORT", String.valueOf(SandboxSwarm.freePort()))
                .variable("TRIO_PORT", String.valueOf(SandboxSwarm.freePort()))) {
            DeployResult created = stack.deploy();

            assertTrue(created.isSuccess(), stack::log);
            List<String> warnings = stack.events.stream().filter(event -> event.level() == Event.Level.WARN)
                    .map(Event::message).toList();
            assertEquals(1, warnings.stream().filter(line -> line.contains("can never complete")).count(),
                    () -> "only trio is warned about:\n" + stack.log());
            assertTrue(warnings.stream().anyMatch(line -> line.contains("services.trio.deploy.update_config.order: updates of "
                    + stack.stack + "_trio can never complete") && line.contains("3 replicas on 3 nodes that take tasks"
                    + " leave none free")), stack::log);
            oneTaskPerNode(stack, "trio", "a host-mode port spreads the three replicas over the three nodes");
            Map<String, String> before = runningTasks(stack.engine, stack.stack + "_web");
            assertEquals(1, before.size(), before::toString);

            stack.events.clear();
            stack.variable("REVISION", "2");
            DeployResult updated = stack.deploy();

            assertTrue(updated.isSuccess(), stack::log);
            assertConverged(updated, stack.stack + "_web", "1/1 running");
            Map<String, String> after = runningTasks(stack.engine, stack.stack + "_web");
            assertEquals(1, after.size(), after::toString);
            assertFalse(after.keySet().equals(before.keySet()), "the task was replaced: " + after);
            assertFalse(after.values().equals(before.values()), "the new task started on a node the old one did not"
                    + " hold: before " + named(before) + ", after " + named(after));
            assertEquals(Change.Action.UNCHANGED, updated.services().stream()
                    .filter(service -> service.name().equals(stack.stack + "_trio")).findFirst().orElseThrow().action());
        }
    }

    /** The running tasks of {@code <stack>_<key>} (task -> node), checked to be one on each node of the cluster. */
    private static Map<String, String> oneTaskPerNode(DeployFixture stack, String key, String why) {
        Map<String, String> tasks = runningTasks(stack.engine, stack.stack + "_" + key);
        assertEquals(cluster.names().keySet(), new TreeSet<>(tasks.values()), why + ": one task per node: " + named(tasks));
        assertEquals(3, tasks.size(), why + ": one task per node: " + named(tasks));
        return tasks;
    }

    private static void assertConverged(DeployResult result, String service, String state) {
        ServiceOutcome outcome = outcome(result, service);
        assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
        assertEquals(state, outcome.state(), outcome::summary);
    }

    static ServiceOutcome outcome(DeployResult result, String service) {
        return result.services().stream().filter(candidate -> candidate.name().equals(service)).findFirst()
                .flatMap(DeployResult.ServiceResult::rollout)
                .orElseThrow(() -> new AssertionError("no rollout outcome for " + service + " in " + result.services()));
    }

    /** Every task of the service the manager knows, any state. */
    static List<JsonNode> tasks(EngineConnection engine, String service) {
        String filters = URLEncoder.encode("{\"service\":[\"" + service + "\"]}", StandardCharsets.UTF_8);
        List<JsonNode> tasks = new ArrayList<>();
        engine.fetchJson("/tasks?filters=" + filters).forEach(tasks::add);
        return tasks;
    }

    /** Task ID -> node ID of the service's running tasks (desired and observed), as the manager reports them. */
    static Map<String, String> runningTasks(EngineConnection engine, String service) {
        Map<String, String> running = new TreeMap<>();
        for (JsonNode task : tasks(engine, service)) {
            if ("running".equals(task.path("Status").path("State").asText())
                    && "running".equals(task.path("DesiredState").asText())) {
                running.put(task.path("ID").asText(), task.path("NodeID").asText());
            }
        }
        return running;
    }

    /** Task -> node name, for messages. */
    static String named(Map<String, String> tasks) {
        Map<String, String> names = cluster.names();
        Map<String, String> named = new TreeMap<>();
        tasks.forEach((task, node) -> named.put(task, names.getOrDefault(node, node)));
        return named.toString();
    }

    private static Map<String, Integer> count(Iterable<String> values) {
        Map<String, Integer> counts = new TreeMap<>();
        values.forEach(value -> counts.merge(value, 1, Integer::sum));
        return counts;
    }

    /** How many running containers of the service the given engine has. */
    private static int runningContainers(EngineConnection engine, String service) {
        String filters = URLEncoder.encode("{\"label\":[\"com.docker.swarm.service.name=" + service + "\"],"
                + "\"status\":[\"running\"]}", StandardCharsets.UTF_8);
        return engine.fetchJson("/containers/json?filters=" + filters).size();
    }
}
