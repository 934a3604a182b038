package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ContainerSpecConfig;

import java.util.Map;

/**
 * {@link ContainerSpecConfig} plus the Runtime target (API 1.40): a config the runtime uses (a credential
 * spec) instead of a file in the container. Swarm's Runtime target is an empty object.
 */
public class SwarmConfigReference extends ContainerSpecConfig {

    private static final long serialVersionUID = 1L;

    @JsonProperty("Runtime")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Map<String, Object> runtime;

    public boolean hasRuntimeTarget() {
        return runtime != null;
    }

    /** Makes this a Runtime-target reference ({@code "Runtime": {}}). */
    public SwarmConfigReference withRuntimeTarget() {
        this.runtime = Map.of();
        return this;
    }
}
