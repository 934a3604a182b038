package io.github.swarmdeploy.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.List;
import java.util.Optional;

/**
 * What every goal that works on a stack on the swarm shares, also those that only look at it (history, status):
 * which stack ({@code swarm.env}, {@code swarm.stack}, {@code swarm.project}); in a multi-module build it runs in the
 * modules that have its compose files.
 */
public abstract class AbstractStackViewMojo extends AbstractEngineMojo {

    /**
     * The environment to work on (e.g. {@code dev}, {@code prod}): selects
     * {@code docker-compose.<env>.yaml} (or {@code compose.<env>.yaml}) in {@code swarm.dir}, merged over a
     * base {@code docker-compose.yaml}/{@code compose.yaml} when one exists, and names the stack
     * {@code <project>_<env>}. {@code -Denv=prod} works too; a value that comes from a pom property rather than the
     * command line is named in the log.
     */
    @Parameter(property = StackSelection.ENV_PROPERTY, defaultValue = "${" + StackSelection.ENV_ALIAS + "}")
    protected String env;

    /** Stack name; default {@code <project>_<env>}. */
    @Parameter(property = "swarm.stack")
    protected String stack;

    /** Project part of the default stack name; default the artifactId, or without a pom the directory name. */
    @Parameter(property = "swarm.project")
    protected String projectName;

    private StackSelection selection;

    /** The compose files this goal is given ({@code swarm.composeFiles}); none for a goal that only names the stack. */
    protected List<File> composeFiles() {
        return List.of();
    }

    /** The variable files this goal is given ({@code swarm.envFiles}); none for a goal that loads no files. */
    protected List<File> envFiles() {
        return List.of();
    }

    /** This goal's stack and files, from its parameters. */
    protected StackSelection stackSelection() {
        if (selection == null) {
            selection = new StackSelection(this, env, stack, projectName, composeFiles(), envFiles());
        }
        return selection;
    }

    /** See {@link StackSelection#stackName()}. */
    protected String stackName() throws MojoFailureException {
        return stackSelection().stackName();
    }

    @Override
    protected Optional<String> missingInThisModule() {
        return stackSelection().missingComposeFiles();
    }
}
