package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.OutputFile;
import io.github.swarmdeploy.core.image.ImageTag;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.nio.file.Path;

/**
 * Computes the image tag of this build ({@code yyyyMMdd_<sha8>} by default), logs it, sets the project
 * property {@code swarm.tag} for the goals after it, and writes it to a file for later pipeline steps, and as
 * {@code SWARM_TAG=<tag>} to {@code target/swarm/swarm.env}, a dotenv report that hands it to later CI jobs.
 */
@Mojo(name = "tag", defaultPhase = LifecyclePhase.INITIALIZE, requiresProject = false, threadSafe = true)
public class TagMojo extends AbstractImageMojo {

    /** Skips this goal. */
    @Parameter(property = "swarm.tag.skip", defaultValue = "false")
    protected boolean skipTag;

    @Override
    protected boolean isGoalSkipped() {
        return skipTag;
    }

    @Override
    protected void run() {
        ImageTag imageTag = computeTag();
        publishTag(imageTag);
        Path file = outputFile(tagFile, TAG_FILE);
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
