package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;

import java.util.Map;

/** {@link NetworkAttachmentConfig} plus DriverOpts (a service's per-network {@code driver_opts}). */
public class SwarmNetworkAttachment extends NetworkAttachmentConfig {

    private static final long serialVersionUID = 1L;

    @JsonProperty("DriverOpts")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Map<String, String> driverOpts;

    public Map<String, String> getDriverOpts() {
        return driverOpts;
    }

    public SwarmNetworkAttachment withDriverOpts(Map<String, String> driverOpts) {
        this.driverOpts = driverOpts;
        return this;
    }
}
