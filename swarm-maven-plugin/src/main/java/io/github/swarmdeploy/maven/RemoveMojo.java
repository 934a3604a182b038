package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.deploy.RemoveOptions;
import io.github.swarmdeploy.core.engine.EngineConnection;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Removes the stack completely, as a merge request's review stack ends: its services, then, once their tasks are gone,
 * the networks, configs and secrets swarm-deploy created for it. Never an external object or one swarm-deploy did not
 * create. Under the stack's lock; recorded in its history, whose records stay.
 */
@Mojo(name = "remove", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class RemoveMojo extends AbstractStackMojo {

    /** List what would be removed and change nothing. */
    @Parameter(property = "swarm.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /** How long to wait for the services' tasks to be gone and the networks to be free (Go notation: {@code 10m}). */
    @Parameter(property = "swarm.timeout", defaultValue = "10m")
    protected String timeout;

    /** Skips this goal. */
    @Parameter(property = "swarm.remove.skip", defaultValue = "false")
    protected boolean skipRemove;

    @Override
    protected boolean isGoalSkipped() {
        return skipRemove;
    }

    @Override
    protected void run() throws MojoFailureException {
        String stackName = stackName();
        RemoveOptions options = RemoveOptions.defaults().withDryRun(dryRun)
                .withTimeout(OptionValues.duration(Option.REMOVE_TIMEOUT, timeout)).withLock(lockOptions());
        try (EngineConnection engine = openEngine()) {
            StackDeployment.builder(stackName).engine(engine).listener(events()).history(historyOptions(environment()))
                    .build().remove(options);
        }
    }
}
