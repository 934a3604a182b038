package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.EngineJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.swarmdeploy.core.rollout.SwarmJson.global;
import static io.github.swarmdeploy.core.rollout.SwarmJson.node;
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
}
