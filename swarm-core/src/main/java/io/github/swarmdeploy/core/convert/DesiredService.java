package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One service of the stack and the service spec {@code docker stack deploy} would send for it, as Engine API
 * JSON: the request body itself.
 *
 * <p>Service specs refer to configs and secrets by ID, which only exist once those objects are created.
 * {@link #spec()} therefore carries names only ({@code ConfigName}/{@code SecretName}, IDs unset), and
 * {@link #specWith(ObjectIds)} gives the spec to send, IDs filled in (also a credential spec's config).
 * Both return a new object on every call: callers may change what they get.
 *
 * <p>The converter builds the spec with docker-java's model plus the subclasses in
 * {@code io.github.swarmdeploy.core.convert.swarm} for the fields docker-java lacks, and serialises it exactly as
 * docker-java's commands would; what leaves this package is the JSON.
 */
public final class DesiredService {

    private final String key;
    private final String name;
    private final List<String> dependsOn;
    private final Function<Optional<ObjectIds>, ObjectNode> build;
    /** {@link #spec()}, built once: building means serialising docker-java's model, and the plan asks often. */
    private volatile ObjectNode named;

    /**
     * @param key       the key under {@code services:}
     * @param name      the Swarm name {@code <stack>_<key>}
     * @param dependsOn the service keys under {@code depends_on} (Swarm ignores them; kept for ordering)
     * @param build     builds the spec (Engine API JSON); given no IDs it leaves them unset
     */
    public DesiredService(String key, String name, List<String> dependsOn,
                          Function<Optional<ObjectIds>, ObjectNode> build) {
        this.key = Objects.requireNonNull(key, "key");
        this.name = Objects.requireNonNull(name, "name");
        this.dependsOn = List.copyOf(dependsOn);
        this.build = Objects.requireNonNull(build, "build");
    }

    public String key() {
        return key;
    }

    public String name() {
        return name;
    }

    public List<String> dependsOn() {
        return dependsOn;
    }

    /** The spec with config/secret references by name only. */
    public ObjectNode spec() {
        ObjectNode built = named;
        if (built == null) {
            built = build.apply(Optional.empty());
            named = built;
        }
        return built.deepCopy();
    }

    /**
     * The spec to send: every config/secret reference (and a credential spec's config) carries its ID.
     *
     * @throws io.github.swarmdeploy.core.SwarmDeployException {@code config not found: <name>} /
     *                                                         {@code secret not found: <name>} when an ID
     *                                                         is missing, as docker reports it
     */
    public ObjectNode specWith(ObjectIds ids) {
        return build.apply(Optional.of(ids));
    }

    @Override
    public String toString() {
        return "DesiredService[key=" + key + ", name=" + name + ", dependsOn=" + dependsOn + "]";
    }
}
