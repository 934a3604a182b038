package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import io.github.swarmdeploy.core.sandbox.WorkerNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploying to a swarm of two nodes: the sandbox manager plus a worker ({@link WorkerNode}: a second dockerd in a
 * network namespace, joined for this class only and removed after it, also when a test fails).
 */
class MultiNodeIT {

    /**
     * {@code everywhere} runs one task per node; {@code onworker} may only run on a worker, and only on this
     * class's worker (its label), so that no other node an engineer joins is used.
     */
    private static final String STACK_YAML = """
            services:
              everywhere:
                image: ${IMAGE}
                deploy:
                  mode: global
                  endpoint_mode: dnsrr
                  update_config:
                    monitor: 1s
              onworker:
                image: ${IMAGE}
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  placement:
                    constraints:
                      - node.role == worker
                      - node.labels.${WORKER_LABEL} == ${WORKER_ID}
                  update_config:
                    monitor: 1s
            """;

    /**
     * StackDeploymentIT's {@code web} (one replica, a host-mode port, update order from ORDER) plus {@code pair}:
     * two replicas, a host-mode port, start-first.
     */
    private static final String HOST_PORT_YAML = StackDeploymentIT.HOST_PORT_YAML + """
              pair:
                image: ${IMAGE}
                ports:
                  - target: 8080
                    published: ${PAIR_PORT}
                    mode: host
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  update_config:
                    order: start-first
                    monitor: 1s
            """;

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    private static String image;
    private static WorkerNode worker;
    private static String managerNode;

    @BeforeAll
    static void joinWorker() {
        image = SandboxSwarm.buildAndPush(sandbox.connection(), "multinode-it/app", "v1", DeployFixture.APP_FILES,
                DeployFixture.APP_DOCKERFILE);
        managerNode = sandbox.connection().fetchJson("/info").path("Swarm").path("NodeID").asText();
        worker = WorkerNode.join();
    }

    @AfterAll
    static void removeWorker() {
        if (worker != null) {
            String node = worker.nodeId();
            worker.close();
            for (JsonNode left : sandbox.connection().fetchJson("/nodes")) {
                assertFalse(left.path("ID").asText().equals(node), "the worker node is still in the swarm: " + left);
            }
        }
    }

    @Test
    void globalServiceRunsOnBothNodesWorkerOnlyServiceOnTheWorkerAndARedeployChangesNothing() {
        assertEquals(Set.of(managerNode, worker.nodeId()), nodeIds(), "the swarm has exactly the manager and the worker");
        try (DeployFixture stack = new DeployFixture("multinode").compose(STACK_YAML).variable("IMAGE", image)
                .variable("WORKER_LABEL", WorkerNode.LABEL).variable("WORKER_ID", worker.id())) {
            DeployResult first = stack.deploy();

            assertTrue(first.isSuccess(), stack::log);
            ServiceOutcome everywhere = outcome(first, stack.stack + "_everywhere");
            assertEquals(Verdict.CONVERGED, everywhere.verdict(), everywhere::summary);
            assertEquals("2/2 running", everywhere.state(), everywhere::summary);
            ServiceOutcome onWorker = outcome(first, stack.stack + "_onworker");
            assertEquals(Verdict.CONVERGED, onWorker.verdict(), onWorker::summary);
            assertEquals("2/2 running", onWorker.state(), onWorker::summary);

            Map<String, String> everywhereTasks = runningTasks(stack.engine, stack.stack + "_everywhere");
            assertEquals(Set.of(managerNode, worker.nodeId()), new TreeSet<>(everywhereTasks.values()),
                    "one task per node: " + everywhereTasks);
            assertEquals(2, everywhereTasks.size(), everywhereTasks::toString);
            Map<String, String> onWorkerTasks = runningTasks(stack.engine, stack.stack + "_onworker");
            assertEquals(2, onWorkerTasks.size(), onWorkerTasks::toString);
            assertEquals(Set.of(worker.nodeId()), new TreeSet<>(onWorkerTasks.values()), onWorkerTasks::toString);
            // the worker's own engine runs them: one container of the global service, both of the other
            assertEquals(1, runningContainers(worker.engine(), stack.stack + "_everywhere"));
            assertEquals(2, runningContainers(worker.engine(), stack.stack + "_onworker"));

            List<String> objects = stack.objects();
            stack.events.clear();
            DeployResult second = stack.deploy();

            assertTrue(second.isSuccess(), stack::log);
            assertFalse(second.plan().hasChanges(), second.plan()::toString);
            assertEquals(List.of(Change.Action.UNCHANGED, Change.Action.UNCHANGED),
                    second.services().stream().map(DeployResult.ServiceResult::action).toList());
            assertEquals(objects, stack.objects(), "no service, network or config changed version");
            assertEquals(everywhereTasks, runningTasks(stack.engine, stack.stack + "_everywhere"), "no task replaced");
            assertEquals(onWorkerTasks, runningTasks(stack.engine, stack.stack + "_onworker"), "no task replaced");
            for (DeployResult.ServiceResult service : second.services()) {
                ServiceOutcome look = service.rollout().orElseThrow(() -> new AssertionError("no rollout look: " + service));
                assertEquals(Verdict.HEALTHY, look.verdict(), look::summary);
                assertEquals("2/2 running", look.state(), look::summary);
            }
        }
    }

    /**
     * The start-first check counts the nodes that take tasks: on two nodes one replica with a host-mode port can be
     * updated start-first (the new task starts on the other node) and is not warned about; two replicas are.
     */
    @Test
    void startFirstWithAHostModePortIsWarnedAboutOnlyWhenNoNodeIsLeftFreeAndUpdatesOntoTheFreeNode() {
        assertEquals(Set.of(managerNode, worker.nodeId()), nodeIds(), "the swarm has exactly the manager and the worker");
        try (DeployFixture stack = new DeployFixture("multiport").compose(HOST_PORT_YAML).variable("IMAGE", image)
                .variable("REVISION", "1").variable("ORDER", "start-first")
                .variable("PORT", String.valueOf(SandboxSwarm.freePort()))
                .variable("PAIR_PORT", String.valueOf(SandboxSwarm.freePort()))) {
            DeployResult created = stack.deploy();

            assertTrue(created.isSuccess(), stack::log);
            List<String> warnings = stack.events.stream().filter(event -> event.level() == Event.Level.WARN)
                    .map(Event::message).toList();
            assertEquals(1, warnings.stream().filter(line -> line.contains("can never complete")).count(),
                    () -> "only pair is warned about:\n" + stack.log());
            assertTrue(warnings.stream().anyMatch(line -> line.contains("services.pair.deploy.update_config.order: updates of "
                    + stack.stack + "_pair can never complete") && line.contains("2 replicas on 2 nodes that take tasks"
                    + " leave none free")), stack::log);
            Map<String, String> pairTasks = runningTasks(stack.engine, stack.stack + "_pair");
            assertEquals(Set.of(managerNode, worker.nodeId()), new TreeSet<>(pairTasks.values()),
                    "a host-mode port spreads the two replicas over both nodes: " + pairTasks);
            Map<String, String> before = runningTasks(stack.engine, stack.stack + "_web");
            assertEquals(1, before.size(), before::toString);

            stack.events.clear();
            stack.variable("REVISION", "2");
            DeployResult updated = stack.deploy();

            assertTrue(updated.isSuccess(), stack::log);
            ServiceOutcome web = outcome(updated, stack.stack + "_web");
            assertEquals(Verdict.CONVERGED, web.verdict(), web::summary);
            Map<String, String> after = runningTasks(stack.engine, stack.stack + "_web");
            assertEquals(1, after.size(), after::toString);
            assertFalse(after.keySet().equals(before.keySet()), "the task was replaced: " + after);
            assertFalse(after.values().equals(before.values()), "the new task started on the node the old one did not"
                    + " hold: before " + before + ", after " + after);
            assertEquals(Change.Action.UNCHANGED, updated.services().stream()
                    .filter(service -> service.name().equals(stack.stack + "_pair")).findFirst().orElseThrow().action());
        }
    }

    private static ServiceOutcome outcome(DeployResult result, String service) {
        return result.services().stream().filter(candidate -> candidate.name().equals(service)).findFirst()
                .flatMap(DeployResult.ServiceResult::rollout)
                .orElseThrow(() -> new AssertionError("no rollout outcome for " + service + " in " + result.services()));
    }

    private static Set<String> nodeIds() {
        Set<String> ids = new TreeSet<>();
        sandbox.connection().fetchJson("/nodes").forEach(node -> ids.add(node.path("ID").asText()));
        return ids;
    }

    /** Task ID -> node ID of the service's running tasks, as the manager reports them. */
    private static Map<String, String> runningTasks(EngineConnection engine, String service) {
        Map<String, String> tasks = new TreeMap<>();
        String filters = URLEncoder.encode("{\"service\":[\"" + service + "\"],\"desired-state\":[\"running\"]}",
                StandardCharsets.UTF_8);
        for (JsonNode task : engine.fetchJson("/tasks?filters=" + filters)) {
            if ("running".equals(task.path("Status").path("State").asText())) {
                tasks.put(task.path("ID").asText(), task.path("NodeID").asText());
            }
        }
        return tasks;
    }

    /** How many running containers of the service the given engine has. */
    private static int runningContainers(EngineConnection engine, String service) {
        String filters = URLEncoder.encode("{\"label\":[\"com.docker.swarm.service.name=" + service + "\"],"
                + "\"status\":[\"running\"]}", StandardCharsets.UTF_8);
        return engine.fetchJson("/containers/json?filters=" + filters).size();
    }
}
