package io.github.swarmdeploy.core.compose.model;

import java.util.List;

/** {@code deploy.placement:}; {@code maxReplicas} 0 means no limit. */
public record Placement(
        List<String> constraints,
        List<PlacementPreference> preferences,
        @ComposeKey(value = "max_replicas_per_node", form = ComposeKey.Form.UINT64) int maxReplicas) {

    public Placement {
        constraints = Defaults.list(constraints);
        preferences = Defaults.list(preferences);
    }
}
