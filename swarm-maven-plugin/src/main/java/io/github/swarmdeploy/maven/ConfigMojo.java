package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.OutputFile;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Prints the stack as it will be deployed: the compose files merged, variables substituted, short
 * syntax expanded, in the form {@code docker stack config} prints. Every problem of every file is
 * reported at once; what only deploying would refuse (a missing config file, an undeclared network, ...)
 * is printed as docker prints it, with a warning. Values of secrets given with {@code content:} are masked. Needs no engine.
 */
@Mojo(name = "config", defaultPhase = LifecyclePhase.VALIDATE, requiresProject = false, threadSafe = true)
public class ConfigMojo extends AbstractSwarmMojo {

    /**
     * The environment to work on (e.g. {@code dev}, {@code prod}): selects
     * {@code docker-compose.<env>.yaml} (or {@code compose.<env>.yaml}) in {@code swarm.dir}, merged over a
     * base {@code docker-compose.yaml}/{@code compose.yaml} when one exists, and names the stack
     * {@code <project>_<env>}. {@code -Denv=prod} works too; a value that comes from a pom property rather than the
     * command line is named in the log.
     */
    @Parameter(property = StackSelection.ENV_PROPERTY, defaultValue = "${" + StackSelection.ENV_ALIAS + "}")
    protected String env;

    /** Explicit compose files, merged in order; wins over the {@code env} convention. */
    @Parameter(property = "swarm.composeFiles")
    protected List<File> composeFiles;

    /** Extra variable files for interpolation, later ones winning; the process environment wins over all. */
    @Parameter(property = "swarm.envFiles")
    protected List<File> envFiles;

    /** Stack name; default {@code <project>_<env>}. */
    @Parameter(property = "swarm.stack")
    protected String stack;

    /** Project part of the default stack name; default the artifactId, or without a pom the directory name. */
    @Parameter(property = "swarm.project")
    protected String projectName;

    /** Also write the YAML to this file (e.g. {@code target/stack.yml}). */
    @Parameter(property = "swarm.config.output")
    protected File output;

    /** Skips this goal. */
    @Parameter(property = "swarm.config.skip", defaultValue = "false")
    protected boolean skipConfig;

    @Override
    protected boolean isGoalSkipped() {
        return skipConfig;
    }

    private StackSelection selection;

    /** This goal's stack and files, from its parameters. */
    StackSelection stackSelection() {
        if (selection == null) {
            selection = new StackSelection(this, env, stack, projectName, composeFiles, envFiles);
        }
        return selection;
    }

    @Override
    protected Optional<String> missingInThisModule() {
        return stackSelection().missingComposeFiles();
    }

    @Override
    protected void run() {
        // like docker stack config: what only deploying would refuse is a warning here, not a failure
        String yaml = stackSelection().source().config(events());
        yaml.lines().forEach(getLog()::info);
        if (output != null) {
            Path file = output.isAbsolute() ? output.toPath() : stackDirectory().toPath().resolve(output.toPath());
            OutputFile.write(file, yaml, "the stack (swarm.config.output)");
            getLog().info("Stack written to " + file);
        }
    }
}
