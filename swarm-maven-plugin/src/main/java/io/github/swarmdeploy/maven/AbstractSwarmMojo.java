package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.event.EventListener;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every swarm goal shares: the skip switches, where the stack's files are, which engine to talk
 * to, and the translation of core failures into Maven's two kinds of failure.
 */
public abstract class AbstractSwarmMojo extends AbstractMojo {

    /** Skips every swarm goal. */
    @Parameter(property = "swarm.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The environment to work on (e.g. {@code dev}, {@code prod}): selects
     * {@code docker-compose.<env>.yaml} (or {@code compose.<env>.yaml}) in {@link #dir}, merged over a
     * base {@code docker-compose.yaml}/{@code compose.yaml} when one exists.
     */
    @Parameter(property = "env")
    protected String env;

    /** Directory holding the compose files; default: the project's base directory, or the current one. */
    @Parameter(property = "swarm.dir")
    protected File dir;

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

    /**
     * The engine: {@code unix:///var/run/docker.sock}, {@code tcp://host:2376} or
     * {@code ssh://user@host[:port]}; default {@code DOCKER_HOST}, else the local socket.
     */
    @Parameter(property = "swarm.host")
    protected String host;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    /** The per-goal skip switch ({@code swarm.<goal>.skip}); goals without one return false. */
    protected boolean isGoalSkipped() {
        return false;
    }

    /** The goal's work; skip handling and failure translation are done by {@link #execute()}. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || isGoalSkipped()) {
            getLog().info("Skipping swarm:" + goalName() + ": "
                    + (skip ? "swarm.skip" : "swarm." + goalName() + ".skip") + " is set");
            return;
        }
        try {
            run();
        } catch (InfrastructureException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (SwarmDeployException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** The goal's name as a user types it after {@code swarm:}. */
    protected String goalName() {
        String simple = getClass().getSimpleName();
        return simple.substring(0, simple.length() - "Mojo".length()).toLowerCase(Locale.ROOT);
    }

    /** Core events to this goal's log. */
    protected EventListener events() {
        return new MavenLogEvents(getLog());
    }

    /** False when Maven runs without a pom (goals with requiresProject = false, called from any directory). */
    protected boolean hasProjectFile() {
        return project != null && project.getFile() != null;
    }

    /** {@link #dir}, else the project's base directory, else the directory Maven was started in. */
    protected File stackDirectory() {
        if (dir != null) {
            return dir;
        }
        if (hasProjectFile()) {
            return project.getBasedir();
        }
        return new File(session.getExecutionRootDirectory());
    }

    /** The process environment of this Maven run. */
    protected Map<String, String> environment() {
        return new HashMap<>(System.getenv());
    }

    /**
     * The stack to work on: {@code swarm.stack}, else {@code <project>_<env>} where project is
     * {@code swarm.project}, else the artifactId, else (without a pom) the directory's name.
     *
     * @throws MojoFailureException when neither {@code swarm.stack} nor {@code env} is given
     */
    protected String stackName() throws MojoFailureException {
        if (stack != null && !stack.isBlank()) {
            return stack.strip();
        }
        if (env == null || env.isBlank()) {
            throw new MojoFailureException("swarm:" + goalName() + " needs a stack: give -Denv=<env> (stack "
                    + "<project>_<env>) or -Dswarm.stack=<name>");
        }
        String projectPart = projectName != null && !projectName.isBlank() ? projectName.strip()
                : hasProjectFile() ? project.getArtifactId()
                : stackDirectory().getAbsoluteFile().toPath().normalize().getFileName().toString();
        return projectPart + "_" + env.strip();
    }

    /** The engine named by {@code swarm.host}, else by the environment. */
    protected EngineSettings engineSettings() {
        return EngineSettings.forHost(host, environment());
    }
}
