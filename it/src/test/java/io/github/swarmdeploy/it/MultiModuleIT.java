package io.github.swarmdeploy.it;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real multi-module build whose parent declares an execution that only names goals: the goals bind to their
 * default phases, and the inherited stack goal runs where the compose files are. Needs no engine.
 */
class MultiModuleIT {

    @Test
    void anInheritedExecutionBindsToDefaultPhasesAndRunsTheStackGoalWhereTheComposeFilesAre() {
        MavenBuild.Result result = MavenBuild.of("multimodule").goals("initialize")
                .environment("CI_COMMIT_SHA", "a5fa34c7" + "0".repeat(32))
                .environment("CI_PIPELINE_CREATED_AT", "2024-07-26T23:30:00Z")
                .run();

        assertTrue(result.succeeded(), result::toString);
        // config (validate) and tag (initialize) ran without a phase in the pom
        assertEquals(3, count(result.log(), "[INFO] Image tag: 20240726_a5fa34c7 "), result::toString);
        assertTrue(result.log().contains("[INFO]     image: 127.0.0.1:5000/multimodule/web:untagged"), result::toString);
        assertTrue(result.log().contains("Skipping swarm:config in module app: no compose file in "), result::toString);
        assertTrue(result.log().contains("Skipping swarm:config in module multimodule: no compose file in "), result::toString);
        assertTrue(result.log().contains("Environment 'it' from the pom property 'env' (-Dswarm.env=<env> on the command"
                + " line chooses another)"), result::toString);
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }
}
