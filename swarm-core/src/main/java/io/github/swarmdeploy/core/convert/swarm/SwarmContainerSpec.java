package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Ulimit;

import java.util.List;
import java.util.Map;

/**
 * {@link ContainerSpec} plus Isolation (API 1.35), Sysctls (1.40), CapabilityAdd/CapabilityDrop and Ulimits
 * (1.41) and OomScoreAdj (1.46; an older engine ignores it, as it does when the docker CLI sends it).
 */
public class SwarmContainerSpec extends ContainerSpec {

    private static final long serialVersionUID = 1L;

    @JsonProperty("Isolation")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String isolation;

    @JsonProperty("Sysctls")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Map<String, String> sysctls;

    @JsonProperty("CapabilityAdd")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<String> capabilityAdd;

    @JsonProperty("CapabilityDrop")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<String> capabilityDrop;

    @JsonProperty("Ulimits")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<Ulimit> ulimits;

    @JsonProperty("OomScoreAdj")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Long oomScoreAdj;

    public String getIsolation() {
        return isolation;
    }

    public SwarmContainerSpec withIsolation(String isolation) {
        this.isolation = isolation;
        return this;
    }

    public Map<String, String> getSysctls() {
        return sysctls;
    }

    public SwarmContainerSpec withSysctls(Map<String, String> sysctls) {
        this.sysctls = sysctls;
        return this;
    }

    public List<String> getCapabilityAdd() {
        return capabilityAdd;
    }

    public SwarmContainerSpec withCapabilityAdd(List<String> capabilityAdd) {
        this.capabilityAdd = capabilityAdd;
        return this;
    }

    public List<String> getCapabilityDrop() {
        return capabilityDrop;
    }

    public SwarmContainerSpec withCapabilityDrop(List<String> capabilityDrop) {
        this.capabilityDrop = capabilityDrop;
        return this;
    }

    public List<Ulimit> getUlimits() {
        return ulimits;
    }

    public SwarmContainerSpec withUlimits(List<Ulimit> ulimits) {
        this.ulimits = ulimits;
        return this;
    }

    public Long getOomScoreAdj() {
        return oomScoreAdj;
    }

    public SwarmContainerSpec withOomScoreAdj(Long oomScoreAdj) {
        this.oomScoreAdj = oomScoreAdj;
        return this;
    }
}
