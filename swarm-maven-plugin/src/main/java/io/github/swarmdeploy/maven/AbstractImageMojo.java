package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.image.ImageTag;
import io.github.swarmdeploy.core.image.ImageTagger;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code swarm:tag} and {@code swarm:push} share: how the image tag is chosen and handed on. */
abstract class AbstractImageMojo extends AbstractSwarmMojo {

    /** Key of the plugin context entry holding the tag an earlier goal of this build handed on. */
    private static final String PUBLISHED_TAG = AbstractImageMojo.class.getName() + ".publishedTag";

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

    /**
     * Where {@code swarm:tag} writes the tag (the tag alone, no newline); default {@code target/swarm/tag}.
     * Pipelines that read a version file can point it there, e.g. {@code build/build_version.tmp}. Like the
     * plugin's other output files, it does not count as an uncommitted change when the tag is computed.
     */
    @Parameter(property = "swarm.tag.file")
    protected File tagFile;

    /** The tag of this build: {@code swarm.tag} when given, else computed from {@code swarm.tag.format}. */
    protected ImageTag computeTag() {
        String version = hasProjectFile() ? project.getVersion() : null;
        return new ImageTagger(environment(), Clock.systemUTC(), events())
                .ignoringOwnOutputs(ownOutputFiles())
                .computeTag(stackDirectory().toPath(), tag, tagFormat, version);
    }

    /**
     * The files this plugin writes itself (under {@code target/swarm}, and where parameters send them): when the
     * build directory is not git-ignored they would make the working tree look changed on every second run.
     */
    protected List<Path> ownOutputFiles() {
        List<Path> files = new ArrayList<>();
        for (String name : OUTPUT_FILES) {
            files.add(outputFile(null, name));
        }
        files.add(outputFile(tagFile, TAG_FILE));
        return files;
    }

    /**
     * Hands the tag to later goals and plugins of this build: the project property {@code swarm.tag}
     * (which {@code swarm:deploy} offers to compose files as {@code SWARM_TAG}).
     *
     * @return false when an earlier goal of this plugin in this build already handed on (and logged) this same
     *         tag, e.g. {@code swarm:tag} before {@code swarm:push}: the caller need not announce it again
     */
    protected boolean publishTag(ImageTag imageTag) {
        if (project != null) {
            project.getProperties().setProperty(ImageTag.PROPERTY, imageTag.value());
        }
        // the plugin context is shared by this plugin's goals on one project for the whole build; the project
        // property is not a sign of an earlier goal, since a pom may set swarm.tag itself
        @SuppressWarnings("unchecked")
        Map<String, Object> shared = getPluginContext();
        if (shared == null) {
            return true;
        }
        return !imageTag.value().equals(shared.put(PUBLISHED_TAG, imageTag.value()));
    }
}
