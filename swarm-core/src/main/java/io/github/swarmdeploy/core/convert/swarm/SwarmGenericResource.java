package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.Objects;

/**
 * One generic resource reservation: {@code {"DiscreteResourceSpec": {"Kind": "gpu", "Value": 2}}}.
 * (docker-java's own GenericResource carries the value as a string.) A compose file can only express
 * discrete resources.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SwarmGenericResource implements Serializable {

    private static final long serialVersionUID = 1L;

    @JsonProperty("DiscreteResourceSpec")
    private final Discrete discreteResourceSpec;

    private SwarmGenericResource(Discrete discreteResourceSpec) {
        this.discreteResourceSpec = discreteResourceSpec;
    }

    /** A count of a kind of resource, e.g. {@code gpu} = 2. */
    public static SwarmGenericResource discrete(String kind, long value) {
        return new SwarmGenericResource(new Discrete(kind, value));
    }

    /** An entry without a kind of resource: docker sends {@code {}} for it. */
    public static SwarmGenericResource empty() {
        return new SwarmGenericResource(null);
    }

    public Discrete getDiscreteResourceSpec() {
        return discreteResourceSpec;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SwarmGenericResource that
                && Objects.equals(discreteResourceSpec, that.discreteResourceSpec);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(discreteResourceSpec);
    }

    @Override
    public String toString() {
        return String.valueOf(discreteResourceSpec);
    }

    /** moby's {@code swarm.DiscreteGenericResource}. */
    public record Discrete(@JsonProperty("Kind") String kind, @JsonProperty("Value") long value)
            implements Serializable {
    }
}
