package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.VolumeOptions;

/** {@link VolumeOptions} plus Subpath (API 1.45; an older engine ignores it). */
public class SwarmVolumeOptions extends VolumeOptions {

    private static final long serialVersionUID = 1L;

    @JsonProperty("Subpath")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String subpath;

    public String getSubpath() {
        return subpath;
    }

    public SwarmVolumeOptions withSubpath(String subpath) {
        this.subpath = subpath;
        return this;
    }
}
