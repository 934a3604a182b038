package io.github.swarmdeploy.core.compose.model;

/** One of {@code deploy.placement.preferences:}. */
public record PlacementPreference(
        String spread) {

    public PlacementPreference {
        spread = Defaults.orEmpty(spread);
    }
}
