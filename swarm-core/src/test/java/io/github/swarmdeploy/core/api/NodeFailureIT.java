package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.deploy.DeployFailedException;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.deploy.StackNotDeployableException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.ServiceVerdictReached;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import io.github.swarmdeploy.core.sandbox.SwarmCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes lost while a deploy rolls out, on a private {@link SwarmCluster} of three nodes (never the shared sandbox:
 * these tests drain and kill nodes). Every verdict is checked against the swarm's own state.
 */
class NodeFailureIT {

    /**
     * {@code app}: three replicas (at most MAX_PER_NODE per node, 0: no limit), updated one at a time; a new task
     * stays {@code starting} for a few seconds (its first health check sleeps), so that a test can catch one on its
     * node before it runs.
     * {@code agent}: one task per node.
     * FAILURE_ACTION: Swarm's {@code update_config.failure_action} ({@code pause} is its default).
     */
    private static final String STACK_YAML = """
            services:
              app:
                image: ${IMAGE}
                stop_grace_period: 1s
                environment:
                  REVISION: ${REVISION}
                healthcheck:
                  test: ["CMD-SHELL", "test -f /tmp/warm || { sleep 3; touch /tmp/warm; exit 1; }"]
                  interval: 1s
                  timeout: 10s
                  start_period: 30s
                deploy:
                  replicas: 3
                  endpoint_mode: dnsrr
                  placement:
                    max_replicas_per_node: ${MAX_PER_NODE}
                  update_config:
                    parallelism: 1
                    delay: 1s
                    monitor: 1s
                    failure_action: ${FAILURE_ACTION}
              agent:
                image: ${IMAGE}
                stop_grace_period: 1s
                environment:
                  REVISION: ${REVISION}
                deploy:
                  mode: global
                  endpoint_mode: dnsrr
                  update_config:
                    parallelism: 1
                    delay: 1s
                    monitor: 1s
                    failure_action: ${FAILURE_ACTION}
            """;

    /** How long a test waits for the swarm to get somewhere. */
    private static final Duration FAST = Duration.ofSeconds(90);

    @RegisterExtension
    static final SwarmCluster.PerClass nodes = SwarmCluster.perClass(2);

    private final String image = DeployFixture.clusterImage();
    private final SwarmCluster cluster = nodes.cluster();

    @Test
    void aWorkerDrainedWhileAnUpdateRollsLosesItsTasksTheUpdateCompletesOnTheOthersAndTheDeploySaysSo() throws Exception {
        SwarmCluster.Node drained = cluster.node("worker1");
        // a task the drain shuts down inside its update's monitor window counts for Swarm as a failed update: with
        // failure_action pause (the default) Swarm pauses that service's update, and the deploy fails saying so
        // (seen when the drain caught agent's new task on worker1); continue lets it go on over the other nodes
        try (DeployFixture stack = new DeployFixture("drain", cluster.managerHost()).compose(STACK_YAML)
                .variable("IMAGE", image).variable("REVISION", "1").variable("MAX_PER_NODE", "0")
                .variable("FAILURE_ACTION", "continue")) {
            assertTrue(stack.deploy().isSuccess(), stack::log);
            stack.events.clear();
            stack.variable("REVISION", "2");

            CompletableFuture<Object> update = stack.deployInBackground();
            awaitNewTasks(stack, "app", 1, "running");
            drained.availability("drain");
            Object result = update.get(3, TimeUnit.MINUTES);

            DeployResult deployed = assertInstanceOf(DeployResult.class, result, stack::log);
            assertTrue(deployed.isSuccess(), stack::log);
            for (String key : List.of("app", "agent")) {
                ServiceOutcome outcome = MultiNodeIT.outcome(deployed, stack.stack + "_" + key);
                assertEquals(Verdict.CONVERGED, outcome.verdict(), outcome::summary);
                assertTrue(outcome.state().endsWith(", without worker1 (drained)"), outcome::summary);
            }
            assertTrue(stack.events.stream().anyMatch(event -> event.level() == Event.Level.WARN
                    && event.message().equals("node worker1 was drained: Swarm moves its tasks to other nodes")),
                    stack::log);
            // the swarm agrees: every task of the new version runs, none on the drained node
            Map<String, String> app = newTasks(stack, "app", "running");
            assertEquals(3, app.size(), app::toString);
            assertFalse(app.containsValue(drained.name()), app::toString);
            Map<String, String> agent = newTasks(stack, "agent", "running");
            assertEquals(List.of("manager", "worker2"), agent.values().stream().sorted().toList(), agent::toString);
            assertTrue(MultiNodeIT.runningTasks(stack.engine, stack.stack + "_agent").values().stream()
                    .noneMatch(drained.nodeId()::equals), "no agent task left on the drained node");
        }
    }

    /**
     * A worker dies (SIGKILL of its dockerd and everything on it) while Swarm's update of {@code app} waits for the
     * new task it gave that worker: Swarm would wait until the node is back. The deploy fails long before its
     * timeout, naming the node; {@code agent} converged on the nodes left and says which it lacks. Once the node is
     * back, the same deploy again changes nothing and the stack converges.
     */
    @Test
    void aWorkerKilledWhileAnUpdateWaitsForItEndsTheDeployFastNamingTheNodeAndARerunOnceItIsBackConverges()
            throws Exception {
        SwarmCluster.Node killed = cluster.node("worker2");
        try (DeployFixture stack = new DeployFixture("kill", cluster.managerHost()).compose(STACK_YAML)
                .variable("IMAGE", image).variable("REVISION", "1").variable("MAX_PER_NODE", "1")
                .variable("FAILURE_ACTION", "pause")) {
            assertTrue(stack.deploy().isSuccess(), stack::log);
            stack.events.clear();
            stack.variable("REVISION", "2");

            CompletableFuture<Object> update = stack.deployInBackground();
            SandboxSwarm.await("a new task of app on " + killed.name() + " that does not run yet", FAST,
                    () -> newTasks(stack, "app", "starting"), tasks -> tasks.containsValue(killed.name()));
            killed.kill();
            Object result = update.get(3, TimeUnit.MINUTES);

            // a verdict of its own, not the timeout's, for each service: app's update waited for the node; agent's
            // was done before the node went (three nodes), or after (on the two left, saying so), or waited too
            assertInstanceOf(DeployFailedException.class, result, stack::log);
            assertTrue(stack.log().contains("WARN node worker2 went down"), stack::log);
            Map<String, ServiceOutcome> verdicts = verdicts(stack);
            ServiceOutcome app = verdicts.get(stack.stack + "_app");
            assertEquals(Verdict.FAILED, app.verdict(), app::summary);
            assertTrue(app.summary().contains("which it gave to node worker2 before worker2 went down: it goes on only"
                    + " once worker2 is back, or removed from the swarm (docker node rm --force worker2)"), app::summary);
            assertTrue(app.state().endsWith(", without worker2 (down)"), app::summary);
            // the swarm agrees: app's update has not reached every slot
            assertEquals("updating", stack.service("app").path("UpdateStatus").path("State").asText());
            assertTrue(newTasks(stack, "app", "running").size() < 3, () -> newTasks(stack, "app", "running").toString());
            ServiceOutcome agent = verdicts.get(stack.stack + "_agent");
            Map<String, String> agentTasks = newTasks(stack, "agent", "running");
            switch (agent.verdict()) {
                case CONVERGED -> {
                    assertTrue(List.of("3/3 running", "2/2 running, without worker2 (down)").contains(agent.state()),
                            agent::summary);
                    assertTrue(agentTasks.values().containsAll(List.of("manager", "worker1")), agentTasks::toString);
                }
                case FAILED -> {
                    assertTrue(agent.summary().contains("which it gave to node worker2 before worker2 went down"),
                            agent::summary);
                    assertEquals("updating", stack.service("agent").path("UpdateStatus").path("State").asText());
                }
                default -> throw new AssertionError("neither converged nor failed naming the node: " + agent.summary());
            }

            // back: Swarm's update that waited for the node goes on, and pauses ("early termination" of that task)
            Map<String, JsonNode> before = new TreeMap<>();
            List.of("app", "agent").forEach(key -> before.put(key, stack.service(key)));
            killed.start();
            cluster.awaitReady(cluster.nodes());
            Map<String, String> states = SandboxSwarm.await("Swarm's updates that waited for worker2 to settle", FAST,
                    () -> updateStates(stack), now -> !now.containsValue("updating"));
            stack.events.clear();
            DeployResult rerun = stack.deploy();

            // the rerun resumes the updates Swarm paused, leaves the rest alone, and converges
            assertTrue(rerun.isSuccess(), stack::log);
            for (String key : List.of("app", "agent")) {
                DeployResult.ServiceResult step = rerun.services().stream()
                        .filter(service -> service.name().equals(stack.stack + "_" + key)).findFirst().orElseThrow();
                boolean paused = states.get(key).equals("paused");
                assertEquals(paused ? Change.Action.UPDATE : Change.Action.UNCHANGED, step.action(),
                        () -> key + " " + states + "\n" + stack.log());
                ServiceOutcome outcome = MultiNodeIT.outcome(rerun, stack.stack + "_" + key);
                assertTrue(List.of(Verdict.CONVERGED, Verdict.HEALTHY).contains(outcome.verdict()), outcome::summary);
                JsonNode now = stack.service(key);
                assertEquals(withoutForceUpdate(before.get(key).path("Spec")), withoutForceUpdate(now.path("Spec")),
                        "the files' spec, unchanged (a paused update is restarted with ForceUpdate raised)");
                if (!paused) {
                    assertEquals(before.get(key).path("PreviousSpec"), now.path("PreviousSpec"),
                            "no needless update: " + key + " keeps its rollback target");
                }
            }
            assertTrue(stack.log().contains("~ service " + stack.stack + "_app  Swarm's update of it is paused: sent"
                    + " again with ForceUpdate raised"), stack::log);
            assertEquals(3, newTasks(stack, "app", "running").size(), () -> newTasks(stack, "app", "running").toString());
            assertEquals(3, newTasks(stack, "agent", "running").size(),
                    () -> newTasks(stack, "agent", "running").toString());
        }
    }

    /** A service only one node may take. */
    private static final String PINNED_YAML = """
              pinned:
                image: ${IMAGE}
                stop_grace_period: 1s
                deploy:
                  endpoint_mode: dnsrr
                  placement:
                    constraints:
                      - node.hostname == ${PINNED_TO}
            """;

    /**
     * A constraint no node satisfies: refused before anything changes (app's new revision in the same files
     * included), naming the constraint and the three nodes. One only a drained node satisfies: the rollout fails
     * fast saying so, with Swarm's reason, instead of waiting for the timeout.
     */
    @Test
    void aPlacementNoNodeSatisfiesIsRefusedBeforeAnyChangeAndOneOnlyADrainedNodeSatisfiesFailsFast() {
        try (DeployFixture stack = new DeployFixture("placement", cluster.managerHost()).compose(STACK_YAML)
                .variable("IMAGE", image).variable("REVISION", "1").variable("MAX_PER_NODE", "0")
                .variable("FAILURE_ACTION", "pause")) {
            assertTrue(stack.deploy().isSuccess(), stack::log);
            List<String> objects = stack.objects();
            stack.compose(STACK_YAML + PINNED_YAML).variable("REVISION", "2").variable("PINNED_TO", "mars");

            StackNotDeployableException refused = assertThrows(StackNotDeployableException.class, stack::deploy);

            assertTrue(refused.getMessage().contains("services.pinned.deploy.placement.constraints: no node satisfies"
                    + " the placement constraint node.hostname == mars (nodes: manager, worker1, worker2): Swarm would"
                    + " keep the tasks of " + stack.stack + "_pinned pending for ever"), refused::getMessage);
            assertEquals(objects, stack.objects(), "nothing changed: app still runs revision 1");

            cluster.node("worker1").availability("drain");
            stack.variable("REVISION", "1").variable("PINNED_TO", "worker1");
            DeployFailedException failed = assertThrows(DeployFailedException.class, stack::deploy);

            ServiceOutcome pinned = verdicts(stack).get(stack.stack + "_pinned");
            assertEquals(Verdict.FAILED, pinned.verdict(), stack::log);
            assertTrue(pinned.summary().contains(": the only node that satisfies its placement is worker1 (drained); it"
                    + " waits until a node fits (0/1 running); last task error: no suitable node ("), pinned::summary);
            assertTrue(failed.getMessage().contains(pinned.summary()), failed::getMessage);
            assertEquals(List.of("pending"), MultiNodeIT.tasks(stack.engine, stack.stack + "_pinned").stream()
                    .map(task -> task.path("Status").path("State").asText()).toList(), "the swarm agrees");
        }
    }

    private static JsonNode withoutForceUpdate(JsonNode spec) {
        JsonNode copy = spec.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("TaskTemplate")).remove("ForceUpdate");
        return copy;
    }

    /** Service key -> {@code UpdateStatus.State} of app and agent. */
    private static Map<String, String> updateStates(DeployFixture stack) {
        Map<String, String> states = new TreeMap<>();
        List.of("app", "agent").forEach(key -> states.put(key,
                stack.service(key).path("UpdateStatus").path("State").asText("")));
        return states;
    }

    /** Service name -> its verdict, as the deploy reported them. */
    private static Map<String, ServiceOutcome> verdicts(DeployFixture stack) {
        Map<String, ServiceOutcome> verdicts = new TreeMap<>();
        stack.events.stream().filter(ServiceVerdictReached.class::isInstance).map(ServiceVerdictReached.class::cast)
                .forEach(event -> verdicts.put(event.outcome().name(), event.outcome()));
        return verdicts;
    }


    /**
     * Task ID -> node name of the tasks of {@code <stack>_<key>} that run its current spec (REVISION as the stack's
     * variables say) in the given state, meant to run.
     */
    private static Map<String, String> newTasks(DeployFixture stack, String key, String state) {
        Map<String, String> names = nodes.cluster().names();
        Map<String, String> tasks = new TreeMap<>();
        for (JsonNode task : MultiNodeIT.tasks(stack.engine, stack.stack + "_" + key)) {
            boolean current = false;
            for (JsonNode variable : task.path("Spec").path("ContainerSpec").path("Env")) {
                current |= variable.asText().equals("REVISION=" + stack.variables.get("REVISION"));
            }
            if (current && state.equals(task.path("Status").path("State").asText())
                    && "running".equals(task.path("DesiredState").asText())) {
                tasks.put(task.path("ID").asText(), names.getOrDefault(task.path("NodeID").asText(), "?"));
            }
        }
        return tasks;
    }

    private static void awaitNewTasks(DeployFixture stack, String key, int count, String state) {
        SandboxSwarm.await(count + " new task(s) of " + key + " " + state, FAST, () -> newTasks(stack, key, state),
                tasks -> tasks.size() >= count);
    }
}
