package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.api.StackSource;
import io.github.swarmdeploy.core.deploy.DependsOn;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.PromotionFrom;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.gitlab.MergeRequestNotes;
import io.github.swarmdeploy.core.history.HistoryOptions;
import io.github.swarmdeploy.core.image.ImageTag;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.prune.PruneOptions;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys the stack of the compose files to the swarm, like {@code docker stack deploy --detach=false}
 * but planned first (nothing changes when anything is wrong), with configs and secrets versioned by content,
 * unchanged services left alone, and the rollout watched until every changed service converged (or the
 * build fails naming the service and why).
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class DeployMojo extends AbstractRolloutMojo {

    /** Explicit compose files, merged in order; wins over the {@code env} convention. */
    @Parameter(property = "swarm.composeFiles")
    protected List<File> composeFiles;

    /** Extra variable files for interpolation, later ones winning; the process environment wins over all. */
    @Parameter(property = "swarm.envFiles")
    protected List<File> envFiles;

    /**
     * Remove the services of the stack that are no longer in the compose files (docker's {@code --prune}); without it
     * they are left running, with a note in the plan. (Old config and secret versions are {@code swarm.deploy.prune}'s.)
     */
    @Parameter(property = "swarm.removeOrphans", defaultValue = "false")
    protected boolean removeOrphans;

    /**
     * The old name of {@code swarm.removeOrphans}, which read like {@code swarm.deploy.prune}; still honoured, with a
     * warning.
     *
     * @deprecated use {@code swarm.removeOrphans} ({@code <removeOrphans>})
     */
    @Deprecated
    @Parameter(property = "swarm.prune")
    protected Boolean prune;

    /** Pin image digests: {@code always} (docker's default), {@code changed} or {@code never}. */
    @Parameter(property = "swarm.resolveImage", defaultValue = "always")
    protected String resolveImage;

    /** Fail, instead of warning, when the registry cannot tell an image's digest. */
    @Parameter(property = "swarm.resolveImage.strict", defaultValue = "false")
    protected boolean resolveImageStrict;

    /** How many networks, configs, secrets and services are created or updated at the same time. */
    @Parameter(property = "swarm.deploy.parallelism", defaultValue = "4")
    protected int parallelism;

    /**
     * What {@code depends_on: [db]} waits for before a dependent service is created or updated: {@code started}
     * (Compose's meaning: the tasks of each dependency started), {@code healthy} (they run and passed their
     * healthcheck) or {@code ignore} (no order, as {@code docker stack deploy}).
     */
    @Parameter(property = "swarm.dependsOn", defaultValue = "started")
    protected String dependsOn;

    /** The image tag of this build ({@code swarm:tag} sets it): given to the compose files as {@code SWARM_TAG}. */
    @Parameter(property = ImageTagging.TAG_PROPERTY)
    protected String tag;

    /** After a successful deploy, remove unused config/secret versions as {@code swarm:prune} does. */
    @Parameter(property = "swarm.deploy.prune", defaultValue = "false")
    protected boolean pruneAfterDeploy;

    /** With {@code swarm.deploy.prune}: newest versions of each config/secret key kept. */
    @Parameter(property = "swarm.prune.keep", defaultValue = "3")
    protected int keep;

    /** With {@code swarm.deploy.prune}: also what {@code docker system prune -f} does on the connected node. */
    @Parameter(property = "swarm.prune.engine", defaultValue = "false")
    protected boolean pruneEngine;

    /** Post a note to the GitLab merge request (what was pushed or deployed, or what failed); default: on inside a merge-request pipeline with a token. */
    @Parameter(property = "swarm.gitlab.note")
    protected Boolean gitlabNote;

    /**
     * File holding the GitLab token for the merge-request note (sent as {@code PRIVATE-TOKEN}, never logged). The token
     * is never a parameter (Maven prints those at -X): {@code -Dswarm.gitlab.token=…} is read when the goal runs and
     * wins; else this file, else the variable {@code swarm.gitlab.tokenEnv} names, else the {@code <password>} of the
     * settings.xml server {@code swarm.gitlab.serverId}, else {@code GITLAB_TOKEN}, else {@code MY_GITLAB_TOKEN}.
     */
    @Parameter(property = "swarm.gitlab.tokenFile")
    protected File gitlabTokenFile;

    /** Environment variable holding the GitLab token (see {@code swarm.gitlab.tokenFile}). */
    @Parameter(property = "swarm.gitlab.tokenEnv")
    protected String gitlabTokenEnv;

    /** Id of a settings.xml {@code <server>} whose {@code <password>} (decrypted) is the GitLab token. */
    @Parameter(property = "swarm.gitlab.serverId")
    protected String gitlabServerId;

    /**
     * Promotion by digest: each service whose image repository a service of this stack runs (on the same swarm) runs
     * the exact image that service runs now, not what its tag means today; the others resolve their images as usual.
     * A source service that is not converged, or a namesake with another repository, refuses the deploy before any
     * change. E.g. {@code -Denv=prod -Dswarm.promote.from=project_dev}.
     */
    @Parameter(property = "swarm.promote.from")
    protected String promoteFrom;

    /**
     * Promotion by digest from the images file {@code swarm:push} wrote ({@code target/swarm/images.json}): each
     * service whose image repository is listed runs the listed digest.
     */
    @Parameter(property = "swarm.promote.images")
    protected File promoteImages;

    /** Skips this goal. */
    @Parameter(property = "swarm.deploy.skip", defaultValue = "false")
    protected boolean skipDeploy;

    @Override
    protected boolean isGoalSkipped() {
        return skipDeploy;
    }

    @Override
    protected List<File> composeFiles() {
        return composeFiles == null ? List.of() : composeFiles;
    }

    @Override
    protected List<File> envFiles() {
        return envFiles == null ? List.of() : envFiles;
    }

    @Override
    protected void run() throws MojoFailureException {
        DeployOptions options = options();
        StackSource source = stackSelection().source();
        String stackName = source.stackName();
        Map<String, String> environment = environment();
        HistoryOptions history = historyOptions(environment);
        PruneOptions pruneOptions = new PruneOptions(keep, false, pruneEngine).withLock(options.lock())
                .withHistoryKeep(history.keep());
        if (tag != null && !tag.isBlank()) {
            source = source.variable(ImageTag.VARIABLE, tag.strip());
            getLog().info(ImageTag.VARIABLE + "=" + tag.strip() + " (swarm.tag) for the compose files");
        }
        getLog().info((dryRun ? "Planning" : "Deploying") + " stack " + stackName);
        try (EngineConnection engine = openEngine()) {
            StackDeployment deployment = StackDeployment.builder(source)
                    .engine(engine)
                    .options(options)
                    .history(history)
                    .promotion(promotion().orElse(null))
                    .listener(events())
                    .report(outputFile(report, DEPLOY_REPORT_FILE))
                    .mergeRequestNotes(mergeRequestNotes(environment).orElse(null))
                    .build();
            deployment.deploy();
            if (pruneAfterDeploy && dryRun) {
                getLog().info("swarm.deploy.prune: skipped in a dry run (nothing was deployed)");
            } else if (pruneAfterDeploy) {
                deployment.prune(pruneOptions);
            }
        }
    }

    /** {@code swarm.removeOrphans}, or its deprecated old name {@code swarm.prune}, which is warned about. */
    @SuppressWarnings("deprecation")
    boolean removeOrphans() {
        if (prune != null) {
            getLog().warn("swarm.prune (<prune>) is deprecated: it is now swarm.removeOrphans (<removeOrphans>), which "
                    + "says what it removes, the services no longer in the files; swarm.deploy.prune removes old config "
                    + "and secret versions");
        }
        return removeOrphans || Boolean.TRUE.equals(prune);
    }

    /** The notes on this pipeline's merge request; none offline ({@code -o}), which is said when one would be posted. */
    private Optional<MergeRequestNotes> mergeRequestNotes(Map<String, String> variables) {
        Optional<MergeRequestNotes> notes = MergeRequestNotes.configure(variables, gitlabNote,
                gitlabToken(gitlabTokenFile, gitlabTokenEnv, gitlabServerId), events());
        if (notes.isPresent() && isOffline()) {
            getLog().info("Offline (-o): no note is posted to merge request !" + notes.get().mergeRequest().iid());
            return Optional.empty();
        }
        return notes;
    }

    /** {@code swarm.promote.from} or {@code swarm.promote.images}, not both. */
    Optional<PromotionFrom> promotion() throws MojoFailureException {
        boolean fromStack = promoteFrom != null && !promoteFrom.isBlank();
        if (fromStack && promoteImages != null) {
            throw new MojoFailureException("swarm.promote.from and swarm.promote.images both given: promote from one"
                    + " source, the stack (" + promoteFrom.strip() + ") or the images file (" + promoteImages + ")");
        }
        if (fromStack) {
            return Optional.of(PromotionFrom.stack(promoteFrom.strip()));
        }
        if (promoteImages == null) {
            return Optional.empty();
        }
        Path file = promoteImages.isAbsolute() ? promoteImages.toPath()
                : stackDirectory().toPath().resolve(promoteImages.toPath());
        if (!Files.isRegularFile(file)) {
            throw new MojoFailureException("swarm.promote.images: " + file + " does not exist (swarm:push writes"
                    + " target/swarm/images.json)");
        }
        return Optional.of(PromotionFrom.images(file));
    }

    private DeployOptions options() throws MojoFailureException {
        ImagePolicy policy = ImagePolicy.parse(resolveImage);
        if (isOffline() && policy != ImagePolicy.NEVER) {
            if (resolveImageStrict) {
                throw new MojoFailureException("swarm.resolveImage.strict: image digests come from the registries, which "
                        + "Maven's offline mode (-o) keeps out of reach; run without -o, or without the strictness");
            }
            getLog().info("Offline (-o): image digests are not looked up (swarm.resolveImage=" + resolveImage.strip()
                    + "); the services get the image references as the compose files write them");
            policy = ImagePolicy.NEVER;
        }
        DependsOn order = DependsOn.of(dependsOn);
        return rolloutOptions()
                .withRemoveOrphans(removeOrphans())
                .withImages(policy, resolveImageStrict)
                .withParallelism(parallelism)
                .withDependsOn(order);
    }

}
