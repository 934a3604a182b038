package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.api.StackSource;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.prune.PruneOptions;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;


/**
 * Removes a stack's old config and secret versions and its unused networks, rollback-safely: whatever a
 * service's current or previous spec uses stays, and so do the newest {@code swarm.prune.keep} versions
 * of each key. Only objects of this stack that swarm-deploy created are ever removed.
 */
@Mojo(name = "prune", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class PruneMojo extends AbstractStackMojo {

    /** Newest versions of each config/secret key kept even when no service uses them. */
    @Parameter(property = "swarm.prune.keep", defaultValue = "3")
    protected int keep;

    /** List what would be removed and why the rest stays; change nothing. */
    @Parameter(property = "swarm.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /**
     * Afterwards, on the connected node, what {@code docker system prune -f} does: remove stopped
     * containers, dangling images, unused networks and the build cache. Node-wide, not only this stack.
     */
    @Parameter(property = "swarm.prune.engine", defaultValue = "false")
    protected boolean pruneEngine;

    /** Skips this goal. */
    @Parameter(property = "swarm.prune.skip", defaultValue = "false")
    protected boolean skipPrune;

    @Override
    protected boolean isGoalSkipped() {
        return skipPrune;
    }

    @Override
    protected void run() throws MojoFailureException {
        PruneOptions options = new PruneOptions(keep, dryRun, pruneEngine).withLock(lockOptions())
                .withHistoryKeep(historyOptions(environment()).keep());
        StackSource source = stackSelection().source();
        try (EngineConnection engine = openEngine()) {
            StackDeployment.builder(source).engine(engine).listener(events()).build().prune(options);
        }
    }
}
