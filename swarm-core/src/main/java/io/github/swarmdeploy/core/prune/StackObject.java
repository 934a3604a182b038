package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.naming.StackLabels;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A config, secret or network as the engine listed it: identity, labels and age. Whether it belongs to
 * a stack and whether swarm-deploy created it is read from its labels.
 *
 * @param createdAt    when the engine created it
 * @param versionIndex the swarm's raft index of its last change; breaks ties between equal creation times
 */
public record StackObject(ObjectKind kind, String id, String name, Map<String, String> labels,
                          Instant createdAt, long versionIndex) {

    public StackObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The stack it belongs to ({@code com.docker.stack.namespace}), if any. */
    public Optional<String> namespace() {
        return label(StackLabels.NAMESPACE);
    }

    /** Whether swarm-deploy created it ({@code io.github.swarmdeploy.managed=true}). */
    public boolean isManaged() {
        return "true".equals(labels.get(StackLabels.MANAGED));
    }

    /** The logical key under {@code configs:}/{@code secrets:} its versions share. */
    public Optional<String> key() {
        return label(StackLabels.KEY);
    }

    /**
     * A config the stack keeps for itself, not a version of a file: the lock a deploy (or prune) of the stack
     * holds, the key that names its secret versions.
     */
    public boolean isBookkeeping() {
        return kind == ObjectKind.CONFIG && StackLabels.isBookkeeping(labels);
    }

    /** "config myapp_prod_nginx_conf-1a2b3c". */
    public String describe() {
        return kind.singular() + " " + name;
    }

    private Optional<String> label(String name) {
        return Optional.ofNullable(labels.get(name)).filter(value -> !value.isBlank());
    }
}
