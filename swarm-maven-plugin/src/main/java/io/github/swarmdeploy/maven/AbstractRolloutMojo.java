package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * What the goals that apply service specs and watch their rollout share (deploy and rollback): a dry run, the watch
 * and its timeout, the report, and the registry credentials the swarm keeps for its nodes. A rollback re-creates the
 * services removed since the record it returns to: on several nodes with a private registry they need the same
 * credentials the deploy gave.
 */
public abstract class AbstractRolloutMojo extends AbstractStackMojo {

    /** Print the plan against the live swarm and change nothing. */
    @Parameter(property = "swarm.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /** Watch the rollout until every created or updated service converged; {@code false} returns after the calls. */
    @Parameter(property = "swarm.wait", defaultValue = "true")
    protected boolean waitForRollout;

    /** How long the whole deploy may take, rollout included (Go notation: {@code 10m}, {@code 90s}). */
    @Parameter(property = "swarm.timeout", defaultValue = "10m")
    protected String timeout;

    /** The JSON report; default {@code target/swarm/deploy-report.json}. */
    @Parameter(property = "swarm.report")
    protected File report;

    /**
     * Send registry credentials to the swarm so that its nodes can pull private images: settings.xml
     * {@code <server>} whose id is the registry host, GitLab's {@code DOCKER_AUTH_CONFIG}, its deploy token
     * {@code CI_DEPLOY_USER}/{@code CI_DEPLOY_PASSWORD}, {@code CI_REGISTRY_USER}/{@code CI_REGISTRY_PASSWORD} (the job
     * token, which expires with the job: warned about), the docker CLI's config.json (its credential helpers, its
     * auths). Never logged.
     */
    @Parameter(property = "swarm.withRegistryAuth", defaultValue = "false")
    protected boolean withRegistryAuth;

    /**
     * Registry user; with a password it wins over settings.xml, CI variables and the docker CLI's config. The password
     * is never a parameter (Maven prints those at -X): {@code -Dswarm.registry.password=…} is read when the goal runs,
     * else {@code swarm.registry.passwordFile}, else the variable {@code swarm.registry.passwordEnv} names.
     */
    @Parameter(property = "swarm.registry.username")
    protected String registryUsername;

    /** File holding the password of {@code swarm.registry.username}. Never logged. */
    @Parameter(property = "swarm.registry.passwordFile")
    protected File registryPasswordFile;

    /** Environment variable holding the password of {@code swarm.registry.username}. Never logged. */
    @Parameter(property = "swarm.registry.passwordEnv")
    protected String registryPasswordEnv;

    /**
     * The options deploy and rollback share: dry run, watch and timeout, the stack's lock, and with
     * {@code swarm.withRegistryAuth} the credentials sent along with each service create and update.
     */
    protected DeployOptions rolloutOptions() {
        DeployOptions options = DeployOptions.defaults()
                .withDryRun(dryRun)
                .withWait(waitForRollout, OptionValues.duration(Option.TIMEOUT, timeout))
                .withLock(lockOptions());
        if (withRegistryAuth) {
            options = options.withRegistryAuth(registryAuth(
                    new RegistryParameters(registryUsername, registryPasswordFile, registryPasswordEnv), environment(), true)::find);
        }
        return options;
    }
}
