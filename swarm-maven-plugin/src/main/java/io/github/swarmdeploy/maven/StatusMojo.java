package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.history.StackStatus;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows what the stack runs now: per service its image (tag and digest), replicas running and desired, health, update
 * state and last task error, the config and secret versions it uses; the last recorded deploy; and drift, whether the
 * services still run what that deploy applied (someone ran {@code docker service update} by hand). Succeeds whatever
 * it finds: it reports, it does not judge.
 */
@Mojo(name = "status", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractStackViewMojo {

    /** {@code text}: a few lines for people; {@code json}: one document on standard output (use {@code mvn -q}). */
    @Parameter(property = "swarm.status.format", defaultValue = "text")
    protected String format;

    /** Skips this goal. */
    @Parameter(property = "swarm.status.skip", defaultValue = "false")
    protected boolean skipStatus;

    @Override
    protected boolean isGoalSkipped() {
        return skipStatus;
    }

    @Override
    protected void run() throws MojoFailureException {
        StackFormat output = StackFormat.parse("swarm.status.format", format);
        String stackName = stackName();
        try (EngineConnection engine = openEngine()) {
            StackStatus status = StackDeployment.builder(stackName).engine(engine).listener(events()).build().status();
            if (output == StackFormat.JSON) {
                StackFormat.print(status.toJsonText());
            } else {
                status.render().forEach(getLog()::info);
            }
        }
    }
}
