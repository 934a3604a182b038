package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.gitlab.MergeRequestNotes;
import io.github.swarmdeploy.core.image.EngineImageBuilder;
import io.github.swarmdeploy.core.image.ServiceImagePush;
import io.github.swarmdeploy.core.image.ImageTag;
import io.github.swarmdeploy.core.image.ImageTagger;
import io.github.swarmdeploy.core.image.ProgressStyle;
import io.github.swarmdeploy.core.image.RegistryAuthLookup;
import io.github.swarmdeploy.core.image.ServiceSelection;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the images of the selected services on the engine and pushes them as
 * {@code <swarm.imagePrefix>/<service>:<tag>}; writes {@code target/swarm/images.json} and, inside a
 * GitLab merge-request pipeline with a token, posts a note saying what was pushed or what failed.
 *
 * <p>Services: {@code swarm.services}, else the {@code build-<service>} labels in {@code swarm.labels},
 * else with {@code swarm.push.all} every directory with a Dockerfile; none → nothing to build.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class PushMojo extends AbstractEngineMojo {

    /**
     * The image tag, used as given. Set by {@code swarm:tag} for the goals after it in the same build,
     * so {@code mvn swarm:tag swarm:push swarm:deploy} uses one tag throughout.
     */
    @Parameter(property = ImageTagging.TAG_PROPERTY)
    protected String tag;

    /**
     * How to compute the tag when {@code swarm.tag} is not given. Placeholders: {@code {date}} (yyyyMMdd,
     * UTC), {@code {sha8}}, {@code {sha}} (the commit from {@code CI_COMMIT_SHA}, {@code GITHUB_SHA} or the
     * git repository), {@code {branch}}, {@code {version}} (the project version).
     */
    @Parameter(property = "swarm.tag.format", defaultValue = ImageTagger.DEFAULT_FORMAT)
    protected String tagFormat;

    /**
     * Where {@code swarm:tag} writes the tag (the tag alone, no newline); default {@code target/swarm/tag}.
     * Pipelines that read a version file can point it there, e.g. {@code build/build_version.tmp}. Like the
     * plugin's other output files, it does not count as an uncommitted change when the tag is computed.
     */
    @Parameter(property = "swarm.tag.file")
    protected File tagFile;

    /** How this goal chooses the tag and hands it on, from its parameters. */
    ImageTagging imageTagging() {
        return new ImageTagging(this, tag, tagFormat, tagFile);
    }

    /** The services to build, e.g. {@code backend,nginx-proxy}; wins over labels and {@code swarm.push.all}. */
    @Parameter(property = "swarm.services")
    protected List<String> services;

    /**
     * Merge-request labels, comma-separated (e.g. {@code -Dswarm.labels=$CI_MERGE_REQUEST_LABELS}): every
     * {@code build-<service>} label selects that service; other labels are ignored.
     */
    @Parameter(property = "swarm.labels")
    protected String labels;

    /** Build every service directory that has a Dockerfile (when neither services nor labels are given). */
    @Parameter(property = "swarm.push.all", defaultValue = "false")
    protected boolean all;

    /** Images are {@code <imagePrefix>/<service>:<tag>}; default {@code CI_REGISTRY_IMAGE}. */
    @Parameter(property = "swarm.imagePrefix")
    protected String imagePrefix;

    /** The build argument naming the service when the shared root {@code Dockerfile} is used. */
    @Parameter(property = "swarm.push.serviceArg", defaultValue = ServiceImagePush.DEFAULT_SERVICE_ARG)
    protected String serviceArg;

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

    /** Where the list of pushed images goes; default {@code target/swarm/images.json}. */
    @Parameter(property = "swarm.push.imagesFile")
    protected File imagesFile;

    /**
     * How much of building and pushing the images the log shows: {@code plain} (each build step, each layer the
     * registry has, and the bytes sent every few seconds: readable in a batch-mode CI log) or {@code none} (one line
     * per built and per pushed image). {@code -X} shows everything.
     */
    @Parameter(property = "swarm.progress", defaultValue = "plain")
    protected String progress;

    /** Skips this goal. */
    @Parameter(property = "swarm.push.skip", defaultValue = "false")
    protected boolean skipPush;

    @Override
    protected boolean isGoalSkipped() {
        return skipPush;
    }

    /** The plugin's own output files, which the uncommitted-change check leaves out, and the images file. */
    List<Path> ownOutputFiles() {
        List<Path> files = new ArrayList<>(imageTagging().ownOutputFiles());
        files.add(outputFile(imagesFile, IMAGES_FILE));
        return files;
    }

    @Override
    protected Optional<String> missingInThisModule() {
        Path base = stackDirectory().toPath();
        if (Files.isRegularFile(base.resolve("Dockerfile")) || !ServiceSelection.withOwnDockerfile(base).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("no Dockerfile in " + base + " or its service directories");
    }

    @Override
    protected void run() throws MojoFailureException {
        ProgressStyle progressStyle = OptionValues.choice(Option.PROGRESS, progress, ProgressStyle.class);
        Path base = stackDirectory().toPath();
        List<String> selected = selectServices(base);
        Path images = outputFile(imagesFile, IMAGES_FILE);
        if (selected.isEmpty()) {
            ServiceImagePush.nothingToBuild(images, events());
            return;
        }
        Map<String, String> environment = environment();
        String prefix = ServiceImagePush.imagePrefix(imagePrefix, environment, selected);
        if (isOffline()) {
            throw new MojoFailureException("swarm:push cannot work offline (-o): it pushes " + String.join(", ", selected)
                    + " to the registry of " + prefix + ". Run it without -o, or skip it with -Dswarm.push.skip=true");
        }
        ImageTagging tagging = imageTagging();
        ImageTag imageTag = tagging.computeTag(ownOutputFiles());
        if (tagging.publishTag(imageTag)) {
            getLog().info("Image tag: " + imageTag.value());
        }

        RegistryAuthLookup credentials = registryAuth(
                new RegistryParameters(registryUsername, registryPasswordFile, registryPasswordEnv), environment, false);
        Optional<MergeRequestNotes> notes = MergeRequestNotes.configure(environment, gitlabNote,
                gitlabToken(gitlabTokenFile, gitlabTokenEnv, gitlabServerId), events());
        try (EngineConnection engine = openEngine()) {
            new ServiceImagePush(new EngineImageBuilder(engine.swarm(), events(), progressStyle), credentials, notes, events())
                    .run(new ServiceImagePush.Request(base, selected, prefix, imageTag, serviceArg, images));
        }
    }

    private List<String> selectServices(Path base) {
        List<String> named = ServiceSelection.named(services);
        if (!named.isEmpty()) {
            getLog().info("Services to build (swarm.services): " + String.join(", ", named));
            return named;
        }
        if (labels != null && !labels.isBlank()) {
            List<String> fromLabels = ServiceSelection.fromLabels(labels);
            getLog().info(fromLabels.isEmpty()
                    ? "No " + ServiceSelection.BUILD_LABEL_PREFIX + "<service> label in swarm.labels"
                    : "Services to build (labels): " + String.join(", ", fromLabels));
            return fromLabels;
        }
        if (all) {
            List<String> withDockerfile = ServiceSelection.withOwnDockerfile(base);
            getLog().info("Services to build (swarm.push.all, directories with a Dockerfile): "
                    + (withDockerfile.isEmpty() ? "none" : String.join(", ", withDockerfile)));
            return withDockerfile;
        }
        return List.of();
    }
}
