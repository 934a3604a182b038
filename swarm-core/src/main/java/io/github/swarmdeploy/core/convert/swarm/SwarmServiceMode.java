package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceMode;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;

import java.io.Serializable;
import java.util.Map;

/**
 * {@link ServiceModeConfig} plus the job modes ReplicatedJob and GlobalJob (API 1.41), and a replicated mode
 * whose replica count may be unset: docker sends {@code "Replicated": {}} when the file has no
 * {@code replicas}, and Swarm then runs one task (docker-java would send 0).
 */
public class SwarmServiceMode extends ServiceModeConfig {

    private static final long serialVersionUID = 1L;

    @JsonProperty("ReplicatedJob")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private ReplicatedJob replicatedJob;

    @JsonProperty("GlobalJob")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Map<String, Object> globalJob;

    /** {@code {"Replicated": {"Replicas": n}}}, or {@code {"Replicated": {}}} when replicas is null. */
    public static SwarmServiceMode replicated(Long replicas) {
        SwarmServiceMode mode = new SwarmServiceMode();
        mode.withReplicated(new Replicated(replicas));
        return mode;
    }

    /** {@code {"Global": {}}}. */
    public static SwarmServiceMode global() {
        SwarmServiceMode mode = new SwarmServiceMode();
        mode.withGlobal(new ServiceGlobalModeOptions());
        return mode;
    }

    /** {@code {"ReplicatedJob": {"MaxConcurrent": n, "TotalCompletions": n}}} (either may be unset). */
    public static SwarmServiceMode replicatedJob(Long maxConcurrent, Long totalCompletions) {
        SwarmServiceMode mode = new SwarmServiceMode();
        mode.replicatedJob = new ReplicatedJob(maxConcurrent, totalCompletions);
        return mode;
    }

    /** {@code {"GlobalJob": {}}}. */
    public static SwarmServiceMode globalJob() {
        SwarmServiceMode mode = new SwarmServiceMode();
        mode.globalJob = Map.of();
        return mode;
    }

    public ReplicatedJob getReplicatedJob() {
        return replicatedJob;
    }

    public boolean hasGlobalJob() {
        return globalJob != null;
    }

    /** docker-java's derived property ("mode": "REPLICATED"); not part of the Engine API. */
    @Override
    @JsonIgnore
    public ServiceMode getMode() {
        return super.getMode();
    }

    /** moby's {@code swarm.ReplicatedJob}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplicatedJob(@JsonProperty("MaxConcurrent") Long maxConcurrent,
                                @JsonProperty("TotalCompletions") Long totalCompletions) implements Serializable {
    }

    /** A replicated mode whose replica count may be unset (then it is left out of the JSON). */
    public static class Replicated extends ServiceReplicatedModeOptions {

        private static final long serialVersionUID = 1L;

        /** Masks docker-java's primitive field of the same name, which cannot be unset. */
        @JsonProperty("Replicas")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        private final Long replicas;

        public Replicated(Long replicas) {
            this.replicas = replicas;
            if (replicas != null && replicas <= Integer.MAX_VALUE) {
                super.withReplicas(replicas.intValue());
            }
        }

        /** The replica count, or null when the file has none (Swarm's default of one then applies). */
        public Long replicasOrNull() {
            return replicas;
        }

        @Override
        @JsonIgnore
        public long getReplicas() {
            return super.getReplicas();
        }
    }
}
