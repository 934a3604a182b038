package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.EngineJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.swarmdeploy.core.rollout.SwarmJson.global;
import static io.github.swarmdeploy.core.rollout.SwarmJson.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which nodes get a global service's task: Swarm's constraint rules. */
class NodeViewTest {

    private static NodeView view(SwarmJson.Node node) {
        return NodeView.of(EngineJson.node(node.json()));
    }

    @Test
    void matchesRoleHostnameAndIdIgnoringCaseOfTheValue() {
        NodeView manager = view(node("abc").role("manager"));

        assertTrue(manager.matchesConstraints(List.of("node.role==Manager", "node.hostname==host-abc", "node.id==abc")));
        assertFalse(manager.matchesConstraints(List.of("node.role==worker")));
        assertTrue(manager.matchesConstraints(List.of("node.role != worker")));
    }

    @Test
    void matchesNodeAndEngineLabelsWithCaseSensitiveKeys() {
        NodeView node = view(node("n1").label("Zone", "eu-1").engineLabel("disk", "ssd"));

        assertTrue(node.matchesConstraints(List.of("node.labels.Zone==eu-1", "engine.labels.disk==SSD")));
        assertFalse(node.matchesConstraints(List.of("node.labels.zone==eu-1")));
        assertTrue(node.matchesConstraints(List.of("node.labels.missing!=x")));
        assertFalse(node.matchesConstraints(List.of("node.labels.missing==x")));
    }

    @Test
    void matchesAddressesAndNetworks() {
        NodeView node = view(node("n1").address("192.168.7.20"));

        assertTrue(node.matchesConstraints(List.of("node.ip==192.168.7.20")));
        assertTrue(node.matchesConstraints(List.of("node.ip==192.168.7.0/24")));
        assertTrue(node.matchesConstraints(List.of("node.ip!=10.0.0.0/8")));
        assertFalse(node.matchesConstraints(List.of("node.ip==10.0.0.0/8")));
        assertFalse(node.matchesConstraints(List.of("node.ip==not-an-address")));
    }

    @Test
    void anUnknownKeyOrAMissingOperatorMatchesNoNode() {
        NodeView node = view(node("n1"));

        assertFalse(node.matchesConstraints(List.of("node.colour==blue")));
        assertFalse(node.matchesConstraints(List.of("node.role")));
    }

    @Test
    void platformsCompareArchitecturesAsSwarmNormalisesThem() {
        NodeView node = view(node("n1"));

        assertTrue(node.matchesPlatforms(List.of()));
        assertTrue(node.matchesPlatforms(List.of(new ServiceView.Platform("linux", "amd64"))));
        assertTrue(node.matchesPlatforms(List.of(new ServiceView.Platform("linux", "arm64"),
                new ServiceView.Platform("", "x86_64"))));
        assertFalse(node.matchesPlatforms(List.of(new ServiceView.Platform("windows", "amd64"))));
        assertFalse(node.matchesPlatforms(List.of(new ServiceView.Platform("linux", "arm64"))));
    }

    @Test
    void onlyActiveNodesThatAreNotDownAcceptNewTasks() {
        ServiceView service = ServiceView.of(EngineJson.service(global().json()));

        assertTrue(view(node("n1")).acceptsNewTasks(service));
        assertTrue(view(node("n1").state("unknown")).acceptsNewTasks(service));
        assertFalse(view(node("n1").state("down")).acceptsNewTasks(service));
        assertFalse(view(node("n1").availability("drain")).acceptsNewTasks(service));
        assertFalse(view(node("n1").availability("pause")).acceptsNewTasks(service));
    }

    @Test
    void changesBetweenTwoLooksAreOneSentencePerNodeAndLossesAreMarked() {
        List<NodeView> before = List.of(view(node("a")), view(node("b")), view(node("c").state("down")),
                view(node("d").availability("drain")), view(node("e")), view(node("f")));
        List<NodeView> after = List.of(view(node("a").state("unknown")), view(node("b").state("down")),
                view(node("c")), view(node("d")), view(node("e").availability("pause")), view(node("g")));

        assertEquals(List.of(
                new NodeView.Change("node host-b went down: its tasks no longer count, and Swarm starts its replicated"
                        + " tasks on other nodes", true),
                new NodeView.Change("node host-c is ready again", false),
                new NodeView.Change("node host-d is active again", false),
                new NodeView.Change("node host-e was paused: it keeps its tasks and takes no new ones", true),
                new NodeView.Change("node host-g joined the swarm", false),
                new NodeView.Change("node host-f left the swarm", true)), NodeView.changes(before, after),
                "a manager that restarts reports nodes unknown for a moment: no news");
        assertEquals(List.of(new NodeView.Change("node host-a was drained: Swarm moves its tasks to other nodes", true)),
                NodeView.changes(List.of(view(node("a"))), List.of(view(node("a").availability("drain")))));
    }

    @Test
    void placementProblemsNameTheConstraintAndTheNodes() {
        List<NodeView> nodes = List.of(view(node("m").label("zone", "a")), view(node("w1").role("worker").label("zone", "b")),
                view(node("w2").role("worker").label("zone", "b").state("down")));

        assertEquals("no node satisfies the placement constraint node.labels.zone == mars (nodes: host-m, host-w1,"
                + " host-w2)", NodeView.placementProblem(service("node.labels.zone == mars"), nodes).orElseThrow());
        assertEquals("no node satisfies all of the placement constraints node.role == manager, node.labels.zone == b"
                + " together (nodes: host-m, host-w1, host-w2)", NodeView.placementProblem(
                service("node.role == manager", "node.labels.zone == b"), nodes).orElseThrow());
        assertEquals("the only node that satisfies its placement is host-w2 (down)", NodeView.placementProblem(
                service("node.hostname == host-w2"), nodes).orElseThrow());
        assertEquals(java.util.Optional.empty(), NodeView.placementProblem(service("node.labels.zone == b"), nodes),
                "host-w1 takes it: what keeps the task pending is something else, which Swarm's error says");
    }

    private static ServiceView service(String... constraints) {
        return ServiceView.of(EngineJson.service(SwarmJson.replicated(1).constraints(constraints).json()));
    }
}
