package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.lock.LockOptions;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the goals that change a stack on the swarm share (deploy, prune): which stack, and how they take turns on it
 * (the stack lock).
 */
public abstract class AbstractStackMojo extends AbstractEngineMojo {

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

    /**
     * How long to wait while another deploy or prune of the same stack holds its lock; then the goal fails
     * naming the holder.
     */
    @Parameter(property = "swarm.lock.wait", defaultValue = "5m")
    protected String lockWait;

    /** Age after which a stack lock is stale whatever its holder does (a hung deploy). */
    @Parameter(property = "swarm.lock.ttl", defaultValue = "30m")
    protected String lockTtl;

    /**
     * How long this run's stack lock stays valid without a heartbeat (it is refreshed every sixth of this). A run
     * that dies or loses its connection leaves a lock that the next run takes over this long after the last
     * heartbeat, without anyone removing it by hand. At least 1s.
     */
    @Parameter(property = "swarm.lock.lease", defaultValue = "30s")
    protected String lockLease;

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

    /**
     * How this goal takes the stack's lock: {@code swarm.lock.wait}, {@code swarm.lock.ttl},
     * {@code swarm.lock.lease}, held by {@link #lockHolder()}.
     */
    protected LockOptions lockOptions() throws MojoFailureException {
        Duration lease = duration("swarm.lock.lease", lockLease);
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new MojoFailureException("swarm.lock.lease: '" + lockLease + "' is too short; give at least 1s");
        }
        return new LockOptions(duration("swarm.lock.wait", lockWait), duration("swarm.lock.ttl", lockTtl), lease,
                lockHolder());
    }

    /** Who holds the lock, for whoever waits: user@host, process, goal, and the CI job when there is one. */
    protected String lockHolder() {
        String job = environment().get("CI_JOB_URL");
        String holder = DeployOptions.defaultHolder() + " swarm:" + goalName();
        return job == null || job.isBlank() ? holder : holder + " " + job;
    }
}
