package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.image.ImageTag;
import io.github.swarmdeploy.core.image.ImageTagger;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@code swarm:tag} and {@code swarm:push} choose the image tag and hand it on: each declares the parameters
 * ({@code swarm.tag}, {@code swarm.tag.format}, {@code swarm.tag.file}) and hands them here.
 */
final class ImageTagging {

    /** The project property that carries the tag from {@code swarm:tag} to later goals (and to compose files). */
    static final String TAG_PROPERTY = "swarm.tag";

    /** Key of the plugin context entry holding the tag an earlier goal of this build handed on. */
    private static final String PUBLISHED_TAG = ImageTagging.class.getName() + ".publishedTag";

    private final AbstractSwarmMojo goal;
    private final String tag;
    private final String tagFormat;
    private final File tagFile;

    ImageTagging(AbstractSwarmMojo goal, String tag, String tagFormat, File tagFile) {
        this.goal = goal;
        this.tag = tag;
        this.tagFormat = tagFormat;
        this.tagFile = tagFile;
    }

    /** Where {@code swarm:tag} writes the tag: {@code swarm.tag.file}, else {@code target/swarm/tag}. */
    Path tagFile() {
        return goal.outputFile(tagFile, AbstractSwarmMojo.TAG_FILE);
    }

    /**
     * The tag of this build: {@code swarm.tag} when given, else computed from {@code swarm.tag.format}.
     *
     * @param ownOutputs the goal's {@link #ownOutputFiles()} and whatever else it writes
     */
    ImageTag computeTag(List<Path> ownOutputs) {
        String version = goal.hasProjectFile() ? goal.project.getVersion() : null;
        return new ImageTagger(goal.environment(), Clock.systemUTC(), goal.events())
                .ignoringOwnOutputs(ownOutputs)
                .computeTag(goal.stackDirectory().toPath(), tag, tagFormat, version);
    }

    /**
     * The files this plugin writes itself (under {@code target/swarm}, and where parameters send them): when the
     * build directory is not git-ignored they would make the working tree look changed on every second run.
     */
    List<Path> ownOutputFiles() {
        List<Path> files = new ArrayList<>();
        for (String name : AbstractSwarmMojo.OUTPUT_FILES) {
            files.add(goal.outputFile(null, name));
        }
        files.add(tagFile());
        return files;
    }

    /**
     * Hands the tag to later goals and plugins of this build: the project property {@code swarm.tag}
     * (which {@code swarm:deploy} offers to compose files as {@code SWARM_TAG}).
     *
     * @return false when an earlier goal of this plugin in this build already handed on (and logged) this same
     *         tag, e.g. {@code swarm:tag} before {@code swarm:push}: the caller need not announce it again
     */
    boolean publishTag(ImageTag imageTag) {
        if (goal.project != null) {
            goal.project.getProperties().setProperty(ImageTagging.TAG_PROPERTY, imageTag.value());
        }
        // the plugin context is shared by this plugin's goals on one project for the whole build; the project
        // property is not a sign of an earlier goal, since a pom may set swarm.tag itself
        @SuppressWarnings("unchecked")
        Map<String, Object> shared = goal.getPluginContext();
        if (shared == null) {
            return true;
        }
        return !imageTag.value().equals(shared.put(PUBLISHED_TAG, imageTag.value()));
    }
}
