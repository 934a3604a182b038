package io.github.swarmdeploy.it;

import org.junit.jupiter.api.Test;

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
}
