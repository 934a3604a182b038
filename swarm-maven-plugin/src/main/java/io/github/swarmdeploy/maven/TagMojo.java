package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.OutputFile;
import io.github.swarmdeploy.core.image.ImageTag;
import io.github.swarmdeploy.core.image.ImageTagger;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;

/**
 * Computes the image tag of this build ({@code yyyyMMdd_<sha8>} by default), logs it, sets the project
 * property {@code swarm.tag} for the goals after it, and writes it to a file for later pipeline steps, and as
 * {@code SWARM_TAG=<tag>} to {@code target/swarm/swarm.env}, a dotenv report that hands it to later CI jobs.
 */
@Mojo(name = "tag", defaultPhase = LifecyclePhase.INITIALIZE, requiresProject = false, threadSafe = true)
public class TagMojo extends AbstractSwarmMojo {

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

    /** Skips this goal. */
    @Parameter(property = "swarm.tag.skip", defaultValue = "false")
    protected boolean skipTag;

    @Override
    protected boolean isGoalSkipped() {
        return skipTag;
    }

    @Override
    protected void run() {
        ImageTagging tagging = imageTagging();
        ImageTag imageTag = tagging.computeTag(tagging.ownOutputFiles());
        tagging.publishTag(imageTag);
        Path file = tagging.tagFile();
        OutputFile.write(file, imageTag.value(), "the tag (swarm.tag.file)");
        Path dotenv = outputFile(null, DOTENV_FILE);
        OutputFile.write(dotenv, ImageTag.VARIABLE + "=" + imageTag.value() + "\n", "the tag as a dotenv file");
        getLog().info("Image tag: " + imageTag.value() + " (" + describe(imageTag) + "), written to " + file
                + " and, as " + ImageTag.VARIABLE + " for later CI jobs (GitLab: artifacts:reports:dotenv), to " + dotenv);
    }

    private static String describe(ImageTag imageTag) {
        return imageTag.commit()
                .map(commit -> "commit " + commit.substring(0, Math.min(8, commit.length())) + " from " + imageTag.origin())
                .orElse(imageTag.origin());
    }
}
