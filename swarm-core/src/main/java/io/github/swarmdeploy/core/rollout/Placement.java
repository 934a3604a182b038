package io.github.swarmdeploy.core.rollout;

import io.github.swarmdeploy.core.engine.SwarmNode;

import java.util.List;
import java.util.Optional;

/**
 * Swarm's placement constraints against the swarm's nodes, for a check before a deploy changes anything: the
 * rules are those the watcher decides with ({@link NodeView#matchesConstraints}).
 */
public final class Placement {

    private Placement() {
    }

    /**
     * Why no node of the swarm, whatever its state, can ever take a task with these placement constraints: the
     * constraint no node satisfies (naming the nodes), or that none satisfies them together. Empty when a node
     * does, or when there are no nodes to judge by.
     */
    public static Optional<String> unsatisfiable(List<String> constraints, List<SwarmNode> nodes) {
        return NodeView.unsatisfiable(constraints, nodes.stream().map(NodeView::of).toList());
    }
}
