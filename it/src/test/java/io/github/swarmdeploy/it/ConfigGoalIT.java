package io.github.swarmdeploy.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** swarm:config through real Maven builds: with a project, without one, and on a broken stack. Needs no engine. */
class ConfigGoalIT {

    private static final String INLINE_SECRET = "tok-inline-4711";
    private static final String ENVIRONMENT_SECRET = "pw-from-env-0815";

    @Test
    void mergesTheEnvironmentsFilesSubstitutesVariablesAndMasksSecrets() throws IOException {
        MavenBuild build = MavenBuild.of("config");

        MavenBuild.Result result = build.goals("swarm:config")
                .property("env", "prod")
                .property("swarm.config.output", "target/stack.yml")
                .environment("DB_PASSWORD", ENVIRONMENT_SECRET)
                .run();

        assertTrue(result.succeeded(), () -> "swarm:config failed:\n" + result);
        String stack = Files.readString(build.projectDir().resolve("target/stack.yml"));
        // docker-compose.prod.yml over docker-compose.yml: prod's replicas and log level win, lists merge
        assertTrue(stack.contains("      replicas: 4\n"), stack);
        assertTrue(stack.contains("      LOG_LEVEL: warn\n"), stack);
        assertTrue(stack.contains("        order: start-first\n"), stack);
        // .env next to the compose files supplies TAG and FEATURE_X (docker stack deploy would not read it)
        assertTrue(stack.contains("    image: 127.0.0.1:5000/shop/web:20240727_a5fa34c7\n"), stack);
        assertTrue(stack.contains("      FEATURE_X: \"on\"\n"), stack);
        assertTrue(stack.contains("  api_token:\n    content: <masked>\n"), stack);
        assertTrue(stack.contains("  db_password:\n    environment: DB_PASSWORD\n"), stack);
        assertFalse(result.log().contains(INLINE_SECRET), () -> "the inline secret leaked into the log:\n" + result);
        assertFalse(result.log().contains(ENVIRONMENT_SECRET), () -> "a secret value leaked into the log:\n" + result);
        assertFalse(stack.contains(INLINE_SECRET) || stack.contains(ENVIRONMENT_SECRET), stack);
        assertTrue(result.log().contains("[INFO]       replicas: 4"), () -> "the stack is not in the build log:\n" + result);
    }

    @Test
    void withoutAProjectPrintsWhatDockerStackConfigPrints() throws IOException {
        MavenBuild build = MavenBuild.withoutPom("config");

        MavenBuild.Result result = build.goals(MavenBuild.pluginGoal("config"))
                .property("swarm.composeFiles", "docker-compose.yml")
                .property("swarm.config.output", "stack.yml")
                .environment("TAG", "20240727_a5fa34c7")
                .run();

        assertTrue(result.succeeded(), () -> "swarm:config without a pom failed:\n" + result);
        // expected-base.yml is what `docker stack config -c docker-compose.yml` (CLI 28.2) printed for this directory
        String expected = Files.readString(build.projectDir().resolve("expected-base.yml"))
                .replace("@dir@", build.projectDir().toRealPath().toString());
        assertEquals(expected, Files.readString(build.projectDir().resolve("stack.yml")));
    }

    @Test
    void reportsEveryProblemOfEveryFileWithFileLineAndKey() throws IOException {
        MavenBuild build = MavenBuild.withoutPom("config");
        Path prod = build.projectDir().resolve("docker-compose.prod.yml");
        Files.writeString(prod, """
                version: "3.9"
                services:
                  web:
                    deploy:
                      replicass: 4
                    ports:
                      - "80:80:80:80"
                """);

        MavenBuild.Result result = build.goals(MavenBuild.pluginGoal("config"))
                .property("env", "prod")
                .run();

        assertFalse(result.succeeded(), () -> "swarm:config accepted a broken stack:\n" + result);
        assertTrue(result.log().contains("docker-compose.prod.yml:5:7 services.web.deploy.replicass: unknown key (did you mean 'replicas'?)"),
                () -> "no message naming file, line and key:\n" + result);
        assertTrue(result.log().contains("docker-compose.prod.yml:7:9 services.web.ports[0]: invalid port \"80:80:80:80\": invalid IP address: 80:80"),
                () -> "the second problem is missing:\n" + result);
    }
}
