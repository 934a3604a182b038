package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.deploy.DeployFailedException;
import io.github.swarmdeploy.core.deploy.StackNotDeployableException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks Swarm cannot place or address (issue 17, finding 5: 148 tasks left without an IP and not a word until the
 * timeout): refused before any change when no node could ever take them, otherwise reported as they wait and
 * failed fast with Swarm's reason (a verdict FAILED, not TIMED_OUT after swarm.timeout: 3 minutes here). On the
 * one-node sandbox swarm.
 */
class UnschedulableTaskIT {

    private static final String IMAGE = "IMAGE";

    @Test
    void aPlacementConstraintNoNodeSatisfiesIsRefusedBeforeAnyChangeNamingItAndTheNodes() {
        try (DeployFixture stack = new DeployFixture("nowhere").variable(IMAGE, DeployFixture.clusterImage())) {
            stack.compose("""
                    services:
                      stuck:
                        image: ${IMAGE}
                        deploy:
                          endpoint_mode: dnsrr
                          placement:
                            constraints: ["node.labels.swarm-deploy-it-nowhere==true"]
                    """);
            String nodes = String.join(", ", hostnames(stack));

            StackNotDeployableException refused = assertThrows(StackNotDeployableException.class, stack::deploy);

            assertTrue(refused.getMessage().contains("/compose.yaml:7:22 services.stuck.deploy.placement.constraints:"
                    + " no node satisfies the placement constraint node.labels.swarm-deploy-it-nowhere==true (nodes: "
                    + nodes + "): Swarm would keep the tasks of " + stack.stack + "_stuck pending for ever"),
                    refused::getMessage);
            assertEquals(List.of(), stack.objects(), "nothing was created");
        }
    }

    /** One node, two replicas, at most one per node: the second can never be placed. */
    @Test
    void aTaskNoNodeCanTakeNowFailsTheRolloutFastWithSwarmsReason() {
        try (DeployFixture stack = new DeployFixture("nonode").variable(IMAGE, DeployFixture.clusterImage())) {
            stack.compose("""
                    services:
                      pair:
                        image: ${IMAGE}
                        stop_grace_period: 1s
                        deploy:
                          replicas: 2
                          endpoint_mode: dnsrr
                          placement:
                            max_replicas_per_node: 1
                    """);
            assertEquals(1, hostnames(stack).size(), "this test needs the one-node sandbox swarm");

            DeployFailedException failed = assertThrows(DeployFailedException.class, stack::deploy);

            assertTrue(failed.getMessage().contains(stack.stack + "_pair: failed: Swarm finds no node for task "),
                    failed::getMessage);
            assertTrue(failed.getMessage().contains("; it waits until a node fits (1/2 running); last task error: no"
                    + " suitable node (max replicas per node limit exceed"), failed::getMessage);
            assertTrue(stack.log().contains("INFO " + stack.stack + "_pair: starting: 1/2 running; 1 task pending: no"
                    + " node fits; last task error: no suitable node (max replicas per node limit exceed"),
                    () -> "reported while it waits:\n" + stack.log());
            assertEquals(Verdict.FAILED, verdict(stack, "pair"), stack::log);
            // the swarm agrees: one task runs, the other is pending with that error
            List<String> states = MultiNodeIT.tasks(stack.engine, stack.stack + "_pair").stream()
                    .map(task -> task.path("Status").path("State").asText()).sorted().toList();
            assertEquals(List.of("pending", "running"), states);
        }
    }

    /**
     * A /29 has 5 addresses: the node's load balancer and 2 tasks take 3; 8 replicas leave 4 tasks in state new,
     * without an error in the API (the manager logs "could not find an available IP"). The plan warns, the
     * rollout fails fast.
     */
    @Test
    void tasksLeftWithoutAnAddressFailTheRolloutFastAndThePlanWarnsThatTheSubnetIsTooSmall() {
        try (DeployFixture stack = new DeployFixture("noip").variable(IMAGE, DeployFixture.clusterImage())) {
            String yaml = """
                    services:
                      many:
                        image: ${IMAGE}
                        stop_grace_period: 1s
                        networks: [small]
                        deploy:
                          replicas: ${REPLICAS}
                          endpoint_mode: dnsrr
                    networks:
                      small:
                        ipam:
                          config:
                            - subnet: 10.251.%d.0/29
                    """.formatted(SandboxSwarm.freePort() % 250);
            stack.compose(yaml).variable("REPLICAS", "2");
            stack.deploy();
            assertTrue(warnings(stack).isEmpty(), stack::log);
            stack.events.clear();

            stack.variable("REPLICAS", "8");
            DeployFailedException failed = assertThrows(DeployFailedException.class, stack::deploy);

            assertTrue(warnings(stack).stream().anyMatch(warning -> warning.contains("networks.small.ipam.config: network "
                    + stack.stack + "_small cannot hold what the stack asks of it: its subnet 10.251.")
                    && warning.contains("/29 has 5 addresses for 8 tasks, 0 virtual IPs (endpoint_mode: vip) and up to 1"
                    + " for the nodes' load balancers (9)")), stack::log);
            assertTrue(failed.getMessage().contains(stack.stack + "_many: failed: Swarm has not allocated task "),
                    failed::getMessage);
            assertTrue(failed.getMessage().contains(" (state new: no IP address yet): a network it joins has no free"
                    + " address left"), failed::getMessage);
            assertTrue(stack.log().contains("tasks without an IP address (state new)"),
                    () -> "reported while they wait:\n" + stack.log());
            // the swarm agrees: tasks in state new, with no address
            long unaddressed = MultiNodeIT.tasks(stack.engine, stack.stack + "_many").stream()
                    .filter(task -> task.path("Status").path("State").asText().equals("new")
                            && task.path("NetworksAttachments").size() == 0)
                    .count();
            assertTrue(unaddressed >= 1, () -> MultiNodeIT.tasks(stack.engine, stack.stack + "_many").toString());
        }
    }

    private static List<String> hostnames(DeployFixture stack) {
        return stack.engine.swarm().fetchNodes(io.github.swarmdeploy.core.engine.Filters.none()).stream()
                .map(io.github.swarmdeploy.core.engine.SwarmNode::hostname).toList();
    }

    private static List<String> warnings(DeployFixture stack) {
        return stack.events.stream().filter(event -> event.level() == Event.Level.WARN).map(Event::message).toList();
    }

    private static Verdict verdict(DeployFixture stack, String key) {
        return stack.events.stream().filter(io.github.swarmdeploy.core.rollout.ServiceVerdictReached.class::isInstance)
                .map(event -> ((io.github.swarmdeploy.core.rollout.ServiceVerdictReached) event).outcome())
                .filter(outcome -> outcome.name().equals(stack.stack + "_" + key)).findFirst()
                .map(outcome -> outcome.verdict()).orElseThrow(() -> new AssertionError("no verdict for " + key));
    }
}
