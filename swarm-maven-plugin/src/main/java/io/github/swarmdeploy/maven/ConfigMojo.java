package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.OutputFile;
import io.github.swarmdeploy.core.compose.LoadedStack;
import io.github.swarmdeploy.core.compose.StackLoader;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prints the stack as it will be deployed: the compose files merged, variables substituted, short
 * syntax expanded, in the form {@code docker stack config} prints. Every problem of every file is
 * reported at once; what only deploying would refuse (a missing config file, an undeclared network, ...)
 * is printed as docker prints it, with a warning. Values of secrets given with {@code content:} are masked. Needs no engine.
 */
@Mojo(name = "config", defaultPhase = LifecyclePhase.VALIDATE, requiresProject = false, threadSafe = true)
public class ConfigMojo extends AbstractSwarmMojo {

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

    @Override
    protected Optional<String> missingInThisModule() {
        return missingComposeFiles();
    }

    @Override
    protected void run() throws MojoFailureException {
        // like docker stack config: what only deploying would refuse is a warning here, not a failure
        StackLoader loader = stackLoader().printOnly(true);
        if ((stack != null && !stack.isBlank()) || environmentName() != null) {
            loader.stackName(stackName());
        }
        LoadedStack loaded = loader.load();
        String yaml = loaded.toYaml();
        yaml.lines().forEach(getLog()::info);
        if (output != null) {
            Path file = output.isAbsolute() ? output.toPath() : stackDirectory().toPath().resolve(output.toPath());
            OutputFile.write(file, yaml, "the stack (swarm.config.output)");
            getLog().info("Stack written to " + file);
        }
    }
}
