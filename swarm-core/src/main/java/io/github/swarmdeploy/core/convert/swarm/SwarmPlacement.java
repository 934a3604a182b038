package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ServicePlacement;

import java.io.Serializable;
import java.util.List;

/** {@link ServicePlacement} plus Preferences (API 1.28): {@code [{"Spread": {"SpreadDescriptor": "…"}}]}. */
public class SwarmPlacement extends ServicePlacement {

    private static final long serialVersionUID = 1L;

    @JsonProperty("Preferences")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<Preference> preferences;

    public List<Preference> getPreferences() {
        return preferences;
    }

    public SwarmPlacement withPreferences(List<Preference> preferences) {
        this.preferences = preferences;
        return this;
    }

    /** moby's {@code swarm.PlacementPreference}; the only kind is spread. */
    public record Preference(@JsonProperty("Spread") Spread spread) implements Serializable {

        public static Preference spread(String descriptor) {
            return new Preference(new Spread(descriptor));
        }
    }

    /** moby's {@code swarm.SpreadOver}. */
    public record Spread(@JsonProperty("SpreadDescriptor") String spreadDescriptor) implements Serializable {
    }
}
