package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.history.RollbackTarget;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Returns the whole stack to a recorded deploy (by default the previous successful one): services whose spec differs
 * get the recorded spec (image and digest as recorded), services created since are removed, services removed since
 * are created again. Planned, checked before the first change (a config or secret version that is gone is named and
 * nothing changes), applied and watched like a deploy, under the stack's lock, and recorded in the history itself.
 */
@Mojo(name = "rollback", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractRolloutMojo {

    /** The record to return to (its number in {@code swarm:history}); default the previous successful deploy. */
    @Parameter(property = "swarm.rollback.to")
    protected String to;

    /** Skips this goal. */
    @Parameter(property = "swarm.rollback.skip", defaultValue = "false")
    protected boolean skipRollback;

    @Override
    protected boolean isGoalSkipped() {
        return skipRollback;
    }

    @Override
    protected void run() throws MojoFailureException {
        OptionalLong target = target();
        String stackName = stackName();
        Map<String, String> environment = environment();
        DeployOptions options = rolloutOptions();
        getLog().info((dryRun ? "Planning the rollback of" : "Rolling back") + " stack " + stackName
                + target.stream().mapToObj(n -> " to #" + n).findFirst().orElse(" to its previous successful deploy"));
        try (EngineConnection engine = openEngine()) {
            StackDeployment.builder(stackName).engine(engine).options(options).listener(events())
                    .history(historyOptions(environment)).report(outputFile(report, DEPLOY_REPORT_FILE)).build()
                    .rollback(target);
        }
    }

    /** The record asked for, refused in the plugin's words (the core checks it once). */
    OptionalLong target() throws MojoFailureException {
        try {
            return RollbackTarget.recordNumber(to);
        } catch (InvalidOptionException e) {
            throw new MojoFailureException(MavenParameters.failure(e, "rollback"), e);
        }
    }
}
