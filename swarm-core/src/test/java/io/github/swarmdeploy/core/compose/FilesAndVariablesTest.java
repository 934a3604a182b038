package io.github.swarmdeploy.core.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which files make a stack (the environment convention) and where its variables come from. */
class FilesAndVariablesTest {

    @TempDir
    Path dir;

    @Test
    void anEnvironmentsFileIsMergedOverTheBaseFile() {
        Fixtures.write(dir, "docker-compose.yml", "services: {}\n");
        Fixtures.write(dir, "docker-compose.prod.yaml", "services: {}\n");
        Fixtures.write(dir, "compose.dev.yml", "services: {}\n");
        assertEquals(List.of(dir.resolve("docker-compose.yml"), dir.resolve("docker-compose.prod.yaml")),
                ComposeFiles.forEnvironment(dir, "prod"));
        assertEquals(List.of(dir.resolve("docker-compose.yml"), dir.resolve("compose.dev.yml")),
                ComposeFiles.forEnvironment(dir, "dev"));
        assertEquals(List.of(dir.resolve("docker-compose.yml")), ComposeFiles.forEnvironment(dir, null));
    }

    @Test
    void anEnvironmentsFileWorksWithoutABaseFile() {
        Fixtures.write(dir, "compose.prod.yml", "services: {}\n");
        assertEquals(List.of(dir.resolve("compose.prod.yml")), ComposeFiles.forEnvironment(dir, "prod"));
    }

    @Test
    void aDirectoryHasComposeFilesWhenItHasABaseFileOrOneOfAnyEnvironment() {
        Path module = dir.resolve("module");
        Fixtures.write(module, "pom.xml", "<project/>\n");
        Fixtures.write(module, "compose.prod.yaml.orig", "services: {}\n");
        assertFalse(ComposeFiles.anyIn(module));
        assertFalse(ComposeFiles.anyIn(dir.resolve("missing")));

        Fixtures.write(module, "docker-compose.dev.yml", "services: {}\n");
        assertTrue(ComposeFiles.anyIn(module));
        Fixtures.write(dir, "compose.yaml", "services: {}\n");
        assertTrue(ComposeFiles.anyIn(dir));
    }

    @Test
    void twoCandidatesForOneRoleOrNoneAreErrors() {
        Fixtures.write(dir, "compose.yaml", "services: {}\n");
        Fixtures.write(dir, "docker-compose.yml", "services: {}\n");
        Fixtures.write(dir, "compose.prod.yml", "services: {}\n");
        InvalidStackException twoBases = assertThrows(InvalidStackException.class, () -> ComposeFiles.forEnvironment(dir, "prod"));
        assertTrue(twoBases.getMessage().contains("more than one base compose file: compose.yaml, docker-compose.yml; keep one"),
                twoBases::getMessage);
        InvalidStackException none = assertThrows(InvalidStackException.class, () -> ComposeFiles.forEnvironment(dir.resolve("x"), "test"));
        assertTrue(none.getMessage().contains("no compose file for environment 'test'"), none::getMessage);
    }

    @Test
    void aMistypedEnvironmentIsToldWhichEnvironmentsTheDirectoryHas() {
        Fixtures.write(dir, "compose.yaml", "services: {}\n");
        Fixtures.write(dir, "compose.prod.yaml", "services: {}\n");
        Fixtures.write(dir, "docker-compose.dev.yml", "services: {}\n");
        InvalidStackException e = assertThrows(InvalidStackException.class, () -> ComposeFiles.forEnvironment(dir, "prd"));
        assertEquals(List.of(dir + ": no compose file for environment 'prd': expected one of docker-compose.prd.yaml, "
                        + "docker-compose.prd.yml, compose.prd.yaml, compose.prd.yml; environments found there: dev, prod"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void theDefaultStackNameIsProjectUnderscoreEnvironment() {
        assertEquals("shop_prod", ComposeFiles.defaultStackName("shop", "prod"));
        assertEquals("shop", ComposeFiles.defaultStackName("shop", null));
    }

    @Test
    void environmentWinsOverVariablesFilesLaterOverEarlierAndThoseOverDotEnv() {
        Fixtures.write(dir, ".env", "A=dotenv\nB=dotenv\nC=dotenv\nD=dotenv\n");
        Path first = Fixtures.write(dir, "vars/first.env", "B=first\nC=first\nD=first\n");
        Path second = Fixtures.write(dir, "vars/second.env", "C=second\nD=second\nFROM_ENV\n");
        Path compose = Fixtures.write(dir, "docker-compose.yml", """
                services:
                  web:
                    image: nginx
                    labels:
                      a: $A
                      b: $B
                      c: $C
                      d: $D
                      e: $FROM_ENV
                """);

        String yaml = StackLoader.forFiles(List.of(compose)).envFiles(List.of(first, second))
                .environment(Map.of("D", "environment", "FROM_ENV", "bare key took it")).load().toYaml();

        assertTrue(yaml.contains("""
                      a: dotenv
                      b: first
                      c: second
                      d: environment
                      e: bare key took it
                """), yaml);
    }

    @Test
    void aMissingVariablesFileIsAProblem() {
        Path compose = Fixtures.write(dir, "docker-compose.yml", "services: {}\n");
        InvalidStackException e = assertThrows(InvalidStackException.class, () ->
                StackLoader.forFiles(List.of(compose)).envFiles(List.of(dir.resolve("prod.env"))).load());
        assertEquals(List.of(dir.resolve("prod.env") + ": variables file not found"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void relativePathsAreResolvedFromTheFirstFilesDirectory() {
        Fixtures.write(dir, "app/nginx.conf", "server {}");
        Path base = Fixtures.write(dir, "app/docker-compose.yml", """
                services:
                  web:
                    image: nginx
                    volumes: ["./html:/usr/share/nginx/html"]
                configs:
                  nginx:
                    file: ./nginx.conf
                """);
        Path override = Fixtures.write(dir, "env/prod.yml", """
                services:
                  web:
                    env_file: ./web.env
                """);
        Fixtures.write(dir, "app/web.env", "MODE=prod\n");

        String yaml = StackLoader.forFiles(List.of(base, override)).load().toYaml();

        assertTrue(yaml.contains("source: " + dir.resolve("app/html")), yaml);
        assertTrue(yaml.contains("file: " + dir.resolve("app/nginx.conf")), yaml);
        assertTrue(yaml.contains("MODE: prod"), yaml);
    }
}
