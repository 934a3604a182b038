package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.image.ImageTag;
import io.github.swarmdeploy.core.image.ImageTagger;
import org.apache.maven.plugins.annotations.Parameter;

import java.time.Clock;

/** What {@code swarm:tag} and {@code swarm:push} share: how the image tag is chosen and handed on. */
abstract class AbstractImageMojo extends AbstractSwarmMojo {

    /**
     * The image tag, used as given. Set by {@code swarm:tag} for the goals after it in the same build,
     * so {@code mvn swarm:tag swarm:push swarm:deploy} uses one tag throughout.
     */
    @Parameter(property = ImageTag.PROPERTY)
    protected String tag;

    /**
     * How to compute the tag when {@code swarm.tag} is not given. Placeholders: {@code {date}} (yyyyMMdd,
     * UTC), {@code {sha8}}, {@code {sha}} (the commit from {@code CI_COMMIT_SHA}, {@code GITHUB_SHA} or the
     * git repository), {@code {branch}}, {@code {version}} (the project version).
     */
    @Parameter(property = "swarm.tag.format", defaultValue = ImageTagger.DEFAULT_FORMAT)
    protected String tagFormat;

    /** The tag of this build: {@code swarm.tag} when given, else computed from {@code swarm.tag.format}. */
    protected ImageTag computeTag() {
        String version = hasProjectFile() ? project.getVersion() : null;
        return new ImageTagger(environment(), Clock.systemUTC(), events())
                .computeTag(stackDirectory().toPath(), tag, tagFormat, version);
    }

    /**
     * Hands the tag to later goals and plugins of this build: the project property {@code swarm.tag}
     * (which {@code swarm:deploy} offers to compose files as {@code SWARM_TAG}).
     */
    protected void publishTag(ImageTag imageTag) {
        if (project != null) {
            project.getProperties().setProperty(ImageTag.PROPERTY, imageTag.value());
        }
    }
}
