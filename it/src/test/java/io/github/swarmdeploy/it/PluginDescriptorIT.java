package io.github.swarmdeploy.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin resolves by its prefix from a project's build and describes its goals. */
class PluginDescriptorIT {

    @Test
    void helpGoalListsThePluginGoalsByPrefix() {
        MavenBuild.Result result = MavenBuild.of("help").goals("swarm:help").run();

        assertTrue(result.succeeded(), () -> "swarm:help failed:\n" + result);
        assertTrue(result.log().contains("swarm:help"), () -> "help output does not list swarm:help:\n" + result);
        assertTrue(result.log().contains("swarm-maven-plugin " + MavenBuild.requiredProperty("it.pluginVersion")),
                () -> "help output does not name the plugin under test:\n" + result);
    }

    @Test
    void theHelpOfTagShowsOnlyWhatTagUses() {
        MavenBuild.Result result = MavenBuild.of("help").goals("swarm:help")
                .property("detail", "true").property("goal", "tag").run();

        assertTrue(result.succeeded(), () -> "swarm:help failed:\n" + result);
        for (String used : List.of("swarm.tag.format", "swarm.tag.file", "swarm.tag.skip", "swarm.dir", "swarm.skip")) {
            assertTrue(result.log().contains("User property: " + used), () -> "no " + used + " in:\n" + result);
        }
        for (String unused : List.of("swarm.host", "swarm.ssh.", "swarm.tls.", "swarm.lock.", "swarm.env",
                "swarm.composeFiles", "swarm.stack", "swarm.registry.")) {
            assertFalse(result.log().contains("User property: " + unused), () -> unused + " is not tag's:\n" + result);
        }
    }
}
