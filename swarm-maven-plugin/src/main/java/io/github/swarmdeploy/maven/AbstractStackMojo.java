package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.history.DeployOrigin;
import io.github.swarmdeploy.core.history.HistoryOptions;
import io.github.swarmdeploy.core.lock.LockOptions;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Map;

/**
 * What the goals that change a stack on the swarm share (deploy, prune, rollback, remove), beyond naming it: how they
 * take turns on it (the stack lock), and how many records of its deploy history stay.
 */
public abstract class AbstractStackMojo extends AbstractStackViewMojo {

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

    /**
     * How many records of the stack's deploy history stay (every deploy, rollback and removal that changed something
     * writes one; older ones go). Prune keeps the config and secret versions these records use, so that
     * {@code swarm:rollback} can return to any of them. At least 1.
     */
    @Parameter(property = "swarm.history.keep", defaultValue = "20")
    protected int historyKeep;


    /**
     * How this goal takes the stack's lock: {@code swarm.lock.wait}, {@code swarm.lock.ttl},
     * {@code swarm.lock.lease}, held by {@link #lockHolder()}.
     */
    protected LockOptions lockOptions() {
        return new LockOptions(OptionValues.duration(Option.LOCK_WAIT, lockWait),
                OptionValues.duration(Option.LOCK_TTL, lockTtl), OptionValues.duration(Option.LOCK_LEASE, lockLease),
                lockHolder());
    }

    /**
     * How this goal records in the stack's history: {@code swarm.history.keep} records stay, each saying where it
     * came from (commit, branch, CI job, user) as the environment tells.
     */
    protected HistoryOptions historyOptions(Map<String, String> environment) {
        return new HistoryOptions(historyKeep, DeployOrigin.fromEnvironment(environment));
    }

    /** Who holds the lock, for whoever waits: user@host, process, goal, and the CI job when there is one. */
    protected String lockHolder() {
        String job = environment().get("CI_JOB_URL");
        String holder = DeployOptions.defaultHolder() + " swarm:" + goalName();
        return job == null || job.isBlank() ? holder : holder + " " + job;
    }
}
