package io.github.swarmdeploy.core.engine;

import java.util.Map;

/**
 * A node of the swarm as {@code GET /nodes} reports it.
 *
 * @param role         {@code manager} or {@code worker}
 * @param state        {@code Status.State}: {@code ready}, {@code down}, {@code unknown}, {@code disconnected}
 * @param availability {@code Spec.Availability}: {@code active} (also when missing), {@code pause}, {@code drain}
 * @param address      {@code Status.Addr}
 * @param labels       {@code Spec.Labels} (node labels, {@code node.labels.*} in constraints)
 * @param engineLabels {@code Description.Engine.Labels} ({@code engine.labels.*})
 */
public record SwarmNode(String id, String hostname, String role, String state, String availability, String address,
                        String os, String architecture, Map<String, String> labels, Map<String, String> engineLabels) {

    public SwarmNode {
        labels = Map.copyOf(labels);
        engineLabels = Map.copyOf(engineLabels);
    }

    /** Ready and active: takes new tasks. */
    public boolean isAvailable() {
        return state.equals("ready") && availability.equals("active");
    }
}
