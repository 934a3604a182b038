/**
 * The Swarm API fields docker-java 3.5.3's model lacks, as small subclasses of its model classes.
 *
 * <p>docker-java's mapper serialises by runtime type, so a {@code ServiceSpec} holding these subclasses
 * becomes Engine API JSON with their extra {@code @JsonProperty} fields too ({@code DesiredService#spec()}). Extra fields are left out of the JSON when unset
 * ({@code @JsonInclude(NON_NULL)}), as docker's Go types do with {@code omitempty}.
 *
 * <p>Field names and shapes follow moby's {@code api/types/swarm} and {@code api/types/mount}.
 */
package io.github.swarmdeploy.core.convert.swarm;
