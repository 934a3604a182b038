package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.history.HistoryJson;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/**
 * Shows the stack's deploy history, kept in the swarm itself: the newest records first, one line each (number, time,
 * deploy/rollback/remove, outcome, the services that changed, their images, commit and who), or JSON for scripts.
 */
@Mojo(name = "history", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class HistoryMojo extends AbstractStackViewMojo {

    /** How many records to show, newest first. */
    @Parameter(property = "swarm.history.count", defaultValue = "10")
    protected int count;

    /** {@code text}: one line per record; {@code json}: one document on standard output (use {@code mvn -q}). */
    @Parameter(property = "swarm.history.format", defaultValue = "text")
    protected String format;

    /** Skips this goal. */
    @Parameter(property = "swarm.history.skip", defaultValue = "false")
    protected boolean skipHistory;

    @Override
    protected boolean isGoalSkipped() {
        return skipHistory;
    }

    @Override
    protected void run() throws MojoFailureException {
        StackFormat output = StackFormat.parse("swarm.history.format", format);
        String stackName = stackName();
        try (EngineConnection engine = openEngine()) {
            List<DeployRecord> records = StackDeployment.builder(stackName).engine(engine).listener(events()).build()
                    .history(count);
            if (output == StackFormat.JSON) {
                StackFormat.print(HistoryJson.text(stackName, records));
                return;
            }
            if (records.isEmpty()) {
                getLog().info("Stack " + stackName + " has no deploy history on " + engine.description()
                        + " (a deploy that changes something records one)");
                return;
            }
            getLog().info("History of stack " + stackName + ", newest first:");
            records.forEach(record -> getLog().info(record.render()));
        }
    }
}
