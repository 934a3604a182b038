package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ContainerSpecPrivilegesCredential;

/** {@link ContainerSpecPrivilegesCredential} plus Config (API 1.40): the ID of a config holding the spec. */
public class SwarmCredentialSpec extends ContainerSpecPrivilegesCredential {

    private static final long serialVersionUID = 1L;

    @JsonProperty("Config")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String config;

    public String getConfig() {
        return config;
    }

    public SwarmCredentialSpec withConfig(String config) {
        this.config = config;
        return this;
    }
}
