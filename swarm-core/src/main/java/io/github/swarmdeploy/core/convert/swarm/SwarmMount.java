package io.github.swarmdeploy.core.convert.swarm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;

import java.util.Locale;
import java.util.Map;

/**
 * {@link Mount} plus Consistency, ClusterOptions and the mount type {@code cluster} (API 1.42; docker-java's
 * {@link MountType} has no such constant). The type is therefore carried as a string.
 */
public class SwarmMount extends Mount {

    private static final long serialVersionUID = 1L;

    /** Masks docker-java's enum field of the same name. */
    @JsonProperty("Type")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String type;

    @JsonProperty("Consistency")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String consistency;

    @JsonProperty("ClusterOptions")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Map<String, Object> clusterOptions;

    /** The mount type as the Engine API spells it: bind, volume, tmpfs, npipe, image, cluster. */
    public String typeName() {
        return type;
    }

    /** Sets the type by its API name; docker-java's enum is kept in step where it has the constant. */
    public SwarmMount withTypeName(String typeName) {
        this.type = typeName;
        MountType known = null;
        for (MountType candidate : MountType.values()) {
            if (candidate.name().toLowerCase(Locale.ROOT).equals(typeName)) {
                known = candidate;
            }
        }
        super.withType(known);
        return this;
    }

    @Override
    public SwarmMount withType(MountType type) {
        super.withType(type);
        this.type = type == null ? null : type.name().toLowerCase(Locale.ROOT);
        return this;
    }

    /** docker-java's enum view; null for {@code cluster}. Not serialised: {@link #typeName()} is. */
    @Override
    @JsonIgnore
    public MountType getType() {
        return super.getType();
    }

    public String getConsistency() {
        return consistency;
    }

    public SwarmMount withConsistency(String consistency) {
        this.consistency = consistency;
        return this;
    }

    public boolean hasClusterOptions() {
        return clusterOptions != null;
    }

    /** Sets empty ClusterOptions ({@code {}}), which docker sends for every cluster mount from a stack file. */
    public SwarmMount withEmptyClusterOptions() {
        this.clusterOptions = Map.of();
        return this;
    }
}
