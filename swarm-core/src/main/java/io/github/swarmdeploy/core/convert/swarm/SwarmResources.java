package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ResourceSpecs;

import java.util.List;

/**
 * {@link ResourceSpecs} plus Pids (limits, API 1.41) and GenericResources (reservations), so that it stands
 * for both of moby's {@code swarm.Limit} and {@code swarm.Resources}.
 */
public class SwarmResources extends ResourceSpecs {

    private static final long serialVersionUID = 1L;

    @JsonProperty("Pids")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Long pids;

    @JsonProperty("GenericResources")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<SwarmGenericResource> genericResources;

    public Long getPids() {
        return pids;
    }

    public SwarmResources withPids(Long pids) {
        this.pids = pids;
        return this;
    }

    public List<SwarmGenericResource> getGenericResources() {
        return genericResources;
    }

    public SwarmResources withGenericResources(List<SwarmGenericResource> genericResources) {
        this.genericResources = genericResources;
        return this;
    }
}
