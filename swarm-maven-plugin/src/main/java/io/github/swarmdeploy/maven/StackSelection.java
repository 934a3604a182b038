package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.api.StackSource;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which stack a goal works on and where its files are: the environment ({@code swarm.env}, alias {@code env}), the
 * stack and project names, the compose and variable files. The goals that read a stack (config, deploy, prune) each
 * declare the parameters they use and hand them here, so the rules are written once.
 */
final class StackSelection {

    /** The property that names the environment, and its short alias. */
    static final String ENV_PROPERTY = "swarm.env";
    static final String ENV_ALIAS = "env";

    private final AbstractSwarmMojo goal;
    private final String env;
    private final String stack;
    private final String projectName;
    private final List<File> composeFiles;
    private final List<File> envFiles;
    private boolean environmentSourceLogged;

    /**
     * @param composeFiles {@code swarm.composeFiles}; null for a goal that only names the stack (prune)
     * @param envFiles     {@code swarm.envFiles}; null for a goal that loads no files
     */
    StackSelection(AbstractSwarmMojo goal, String env, String stack, String projectName, List<File> composeFiles,
                   List<File> envFiles) {
        this.goal = goal;
        this.env = env;
        this.stack = stack;
        this.projectName = projectName;
        this.composeFiles = composeFiles == null ? List.of() : composeFiles;
        this.envFiles = envFiles == null ? List.of() : envFiles;
    }

    /** For stack goals: why this module has no stack, when it has no compose file and none is named. */
    Optional<String> missingComposeFiles() {
        if (source().hasComposeFiles()) {
            return Optional.empty();
        }
        return Optional.of("no compose file in " + goal.stackDirectory());
    }

    /**
     * The environment ({@code swarm.env}, alias {@code env}), stripped; null when none is given. The first call says
     * so in the log when the value comes from a pom property: a pom may set {@code env} for other purposes.
     */
    String environmentName() {
        if (env == null || env.isBlank()) {
            return null;
        }
        String value = env.strip();
        if (!environmentSourceLogged) {
            environmentSourceLogged = true;
            pomPropertyNaming(env).ifPresent(property -> goal.getLog().info("Environment '" + value + "' from the pom "
                    + "property '" + property + "' (-D" + ENV_PROPERTY + "=<env> on the command line chooses another)"));
        }
        return value;
    }

    /** The pom property {@code swarm.env} or {@code env} that gave this value, when the command line did not. */
    private Optional<String> pomPropertyNaming(String value) {
        MavenProject project = goal.project;
        MavenSession session = goal.session;
        if (project == null || session == null) {
            return Optional.empty();
        }
        for (String property : List.of(ENV_PROPERTY, ENV_ALIAS)) {
            if (session.getUserProperties().getProperty(property) != null
                    || session.getSystemProperties().getProperty(property) != null) {
                return Optional.empty();
            }
        }
        for (String property : List.of(ENV_PROPERTY, ENV_ALIAS)) {
            if (value.equals(project.getProperties().getProperty(property))) {
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }

    /**
     * The stack and its files, from the parameters: {@code swarm.composeFiles} when given, else the {@code env}
     * convention in the stack directory; named {@code swarm.stack}, else {@code <project>_<env>} where project is
     * {@code swarm.project}, else the artifactId, else (without a pom) the directory's name; variables from the
     * environment and {@code swarm.envFiles}.
     */
    StackSource source() {
        Path base = goal.stackDirectory().toPath();
        StackSource source = composeFiles.isEmpty()
                ? StackSource.environment(base, environmentName())
                : StackSource.files(paths(composeFiles)).directory(base);
        String projectPart = projectName != null && !projectName.isBlank() ? projectName
                : goal.hasProjectFile() ? goal.project.getArtifactId() : null;
        return source.project(projectPart).stackName(stack).environmentVariables(goal.environment())
                .envFiles(paths(envFiles));
    }

    /**
     * The stack to work on (see {@link #source()}).
     *
     * @throws io.github.swarmdeploy.core.InvalidOptionException when neither {@code swarm.stack} nor {@code env} is
     *                                                           given
     */
    String stackName() {
        return source().stackName();
    }

    private static List<Path> paths(List<File> files) {
        List<Path> paths = new ArrayList<>();
        for (File file : files) {
            paths.add(file.toPath());
        }
        return paths;
    }
}
