package io.github.swarmdeploy.core.prune;

/**
 * The labels prune reads, as the deploy engine writes them (see notes/deploy.md).
 * TODO(prune): use io.github.swarmdeploy.core.naming.StackLabels once it is on main.
 */
final class PruneLabels {

    static final String NAMESPACE = "com.docker.stack.namespace";
    static final String MANAGED = "io.github.swarmdeploy.managed";
    static final String KEY = "io.github.swarmdeploy.key";

    private PruneLabels() {
    }
}
