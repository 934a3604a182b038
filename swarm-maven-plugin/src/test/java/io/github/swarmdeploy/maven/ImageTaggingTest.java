package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.image.ImageTag;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How swarm:tag and swarm:push choose the tag and hand it on ({@link ImageTagging}). */
class ImageTaggingTest {

    @TempDir
    Path tmp;

    /** Maven's plugin context: one map per plugin and project for the whole build. */
    private final Map<String, Object> pluginContext = new HashMap<>();
    private final MavenProject project = new MavenProject();
    private final List<String> infoLines = new ArrayList<>();

    private <T extends AbstractSwarmMojo> T inThisBuild(T mojo) {
        mojo.setPluginContext(pluginContext);
        mojo.project = project;
        mojo.dir = tmp.toFile();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                infoLines.add(content.toString());
            }
        });
        return mojo;
    }

    @Test
    void pushAfterTagInTheSameBuildDoesNotAnnounceTheTagAgain() throws Exception {
        TagMojo tagGoal = inThisBuild(new TagMojo());
        tagGoal.tag = "20240726_abcdef12";
        tagGoal.tagFile = tmp.resolve("target/swarm/tag").toFile();
        tagGoal.execute();
        assertEquals(1, infoLines.stream().filter(line -> line.startsWith("Image tag: 20240726_abcdef12")).count(),
                () -> "log: " + infoLines);
        assertEquals("20240726_abcdef12", Files.readString(tmp.resolve("target/swarm/tag")));

        // Maven hands swarm:tag's project property to swarm:push's swarm.tag parameter
        PushMojo pushGoal = inThisBuild(new PushMojo());
        pushGoal.tag = project.getProperties().getProperty(ImageTagging.TAG_PROPERTY);

        assertFalse(pushGoal.imageTagging().publishTag(pushGoal.imageTagging().computeTag(pushGoal.ownOutputFiles())), "swarm:tag already announced this tag");
    }

    @Test
    void pushAnnouncesATagItComputedItself() {
        PushMojo pushGoal = inThisBuild(new PushMojo());
        ImageTag computed = new ImageTag("20240726_abcdef12", "git repository " + tmp, Optional.of("abcdef12"));

        assertTrue(pushGoal.imageTagging().publishTag(computed));
        assertEquals("20240726_abcdef12", project.getProperties().getProperty(ImageTagging.TAG_PROPERTY));
    }

    @Test
    void aTagSetInThePomIsNotMistakenForOneAnnouncedByAnEarlierGoal() {
        project.getProperties().setProperty(ImageTagging.TAG_PROPERTY, "release-1");
        PushMojo pushGoal = inThisBuild(new PushMojo());
        pushGoal.tag = "release-1";

        assertTrue(pushGoal.imageTagging().publishTag(pushGoal.imageTagging().computeTag(pushGoal.ownOutputFiles())));
    }

    @Test
    void aDifferentTagThanTheOneAnnouncedIsAnnounced() {
        inThisBuild(new TagMojo()).imageTagging().publishTag(new ImageTag("one", "given explicitly", Optional.empty()));

        assertTrue(inThisBuild(new PushMojo()).imageTagging().publishTag(new ImageTag("two", "given explicitly", Optional.empty())));
    }

    @Test
    void theTagFileAndThePluginsOtherOutputsAreLeftOutOfTheUncommittedChangesCheck() {
        TagMojo tagGoal = inThisBuild(new TagMojo());
        tagGoal.tagFile = tmp.resolve("build/build_version.tmp").toFile();
        PushMojo pushGoal = inThisBuild(new PushMojo());
        pushGoal.imagesFile = tmp.resolve("out/images.json").toFile();

        Path swarmOutputs = tmp.resolve("target/swarm");
        assertEquals(List.of(swarmOutputs.resolve("tag"), swarmOutputs.resolve("images.json"),
                swarmOutputs.resolve("deploy-report.json"), swarmOutputs.resolve("swarm.env"),
                tmp.resolve("build/build_version.tmp")),
                tagGoal.imageTagging().ownOutputFiles());
        assertTrue(pushGoal.ownOutputFiles().contains(tmp.resolve("out/images.json")), () -> "" + pushGoal.ownOutputFiles());
    }
}
