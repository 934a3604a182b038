package io.github.swarmdeploy.core.convert.oracle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle's deployable copies: images, unique global names, documented edits. */
class OracleFixtureTest {

    @TempDir
    Path work;

    private static final String IMAGE = "127.0.0.1:5000/sandbox/busybox:latest";

    @Test
    void externalAndExplicitNamesBecomeUniqueAndExternalsAreListed() throws IOException {
        Path source = work.resolve("source.yml");
        Files.writeString(source, """
                services:
                  app:
                    image: ${REGISTRY}/app:1
                    networks: [outside]
                networks:
                  outside:
                    external: true
                  legacy:
                    # comment
                    external:
                      name: my-cool-network
                  named:
                    name: fixed-net
                  folded:
                    external:
                      name:
                        frontend
                  defaulted:
                    name: ${NETWORK:-localnet}
                    external: true
                  commented:
                    external: true   # made by hand: docker network create commented
                configs:
                  cfg:
                    name: ${CFG_NAME}
                    file: ./a
                  ext:
                    external: true
                    name: given
                """);
        OracleFixture fixture = new OracleFixture("t", source, null, Map.of("CFG_NAME", "cfg_v1"), List.of(), Map.of());

        OracleFixture.Prepared prepared = fixture.prepare(work.resolve("copy"), "itabc", IMAGE);

        assertEquals("""
                services:
                  app:
                    image: 127.0.0.1:5000/sandbox/busybox:latest
                    networks: [outside]
                networks:
                  outside:
                    external: true
                    name: itabc-outside
                  legacy:
                    # comment
                    external:
                      name: itabc-my-cool-network
                  named:
                    name: itabc-fixed-net
                  folded:
                    external:
                      name: itabc-frontend
                  defaulted:
                    name: ${NETWORK:-localnet}
                    external: true
                  commented:
                    external: true   # made by hand: docker network create commented
                    name: itabc-commented
                configs:
                  cfg:
                    name: ${CFG_NAME}
                    file: ./a
                  ext:
                    external: true
                    name: itabc-given
                """, Files.readString(prepared.composeFile()));
        assertEquals(Map.of("CFG_NAME", "itabc-cfg_v1", "NETWORK", "itabc-localnet"), prepared.environment());
        assertEquals(List.of(new OracleFixture.External("networks", "itabc-outside"),
                new OracleFixture.External("networks", "itabc-my-cool-network"),
                new OracleFixture.External("networks", "itabc-frontend"),
                new OracleFixture.External("networks", "itabc-localnet"),
                new OracleFixture.External("networks", "itabc-commented"),
                new OracleFixture.External("configs", "itabc-given")), prepared.externals());
    }

    @Test
    void formatsBeforeTopLevelNamesGetTheLegacyExternalName() throws IOException {
        Path source = work.resolve("old.yml");
        Files.writeString(source, """
                version: '3.4'
                services:
                  app:
                    image: nginx
                networks:
                  outside:
                    external: true
                volumes:
                  data:
                    external: true
                secrets:
                  pw:
                    external: true
                """);
        OracleFixture fixture = new OracleFixture("t", source, null, Map.of(), List.of(), Map.of());

        OracleFixture.Prepared prepared = fixture.prepare(work.resolve("copy"), "itabc", IMAGE);

        assertEquals("""
                version: '3.4'
                services:
                  app:
                    image: 127.0.0.1:5000/sandbox/busybox:latest
                networks:
                  outside:
                    external:
                      name: itabc-outside
                volumes:
                  data:
                    external: true
                    name: itabc-data
                secrets:
                  pw:
                    external:
                      name: itabc-pw
                """, Files.readString(prepared.composeFile()));
    }

    @Test
    void furtherFilesAreRewrittenLikeTheFirstAndKeptInOrderNextToIt() throws IOException {
        Path base = work.resolve("compose.yml");
        Files.writeString(base, """
                services:
                  app:
                    image: nginx
                networks:
                  shared:
                    external: true
                """);
        Path override = work.resolve("compose.prod.yml");
        Files.writeString(override, """
                services:
                  app:
                    image: nginx:prod
                networks:
                  shared:
                    external: true
                """);
        OracleFixture fixture = new OracleFixture("t", base, work, Map.of(), List.of(), Map.of(), List.of(override));

        OracleFixture.Prepared prepared = fixture.prepare(work.resolve("copy"), "itabc", IMAGE);

        assertEquals(List.of(work.resolve("copy/stack.yml"), work.resolve("copy/stack.2.yml")), prepared.composeFiles());
        assertEquals("""
                services:
                  app:
                    image: 127.0.0.1:5000/sandbox/busybox:latest
                networks:
                  shared:
                    external: true
                    name: itabc-shared
                """, Files.readString(prepared.moreFiles().get(0)));
        assertEquals(List.of(new OracleFixture.External("networks", "itabc-shared")), prepared.externals(),
                "declared in both files, created once");
    }

    @Test
    void copyOfAFileInASubDirectoryStaysThereNextToWhatItRefersTo() throws IOException {
        Path source = work.resolve("project");
        Files.createDirectories(source.resolve("stacks"));
        Files.writeString(source.resolve("stacks/compose.yml"), "configs:\n  c:\n    file: ../conf/c.txt\n");
        Files.createDirectories(source.resolve("conf"));
        Files.writeString(source.resolve("conf/c.txt"), "x");
        OracleFixture fixture = new OracleFixture("t", source.resolve("stacks/compose.yml"), source, Map.of(), List.of(),
                Map.of());

        OracleFixture.Prepared prepared = fixture.prepare(work.resolve("copy"), "itabc", IMAGE);

        assertEquals(work.resolve("copy/stacks/stack.yml"), prepared.composeFile());
        assertTrue(Files.isRegularFile(prepared.composeFile().resolveSibling("../conf/c.txt")));
    }

    @Test
    void namesStayWithinSwarmsLimit() {
        assertEquals(64, OracleFixture.unique("it12345678-cvt", "project_prod_nginx_proxy_config_" + "a".repeat(32)).length());
    }

    @Test
    void anEditThatFindsNothingFailsLoudly() throws IOException {
        Path source = work.resolve("s.yml");
        Files.writeString(source, "services: {}\n");
        OracleFixture fixture = new OracleFixture("t", source, null, Map.of(),
                List.of(new OracleFixture.Edit("why", "absent", "x")), Map.of());

        IllegalStateException problem = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> fixture.prepare(work.resolve("c"), "itabc", IMAGE));
        assertTrue(problem.getMessage().contains("why"), problem.getMessage());
    }

    @Test
    void everyCorpusFixturePreparesWithItsEditsApplied() throws IOException {
        for (OracleFixture fixture : OracleFixtures.all()) {
            OracleFixture.Prepared prepared = fixture.prepare(work.resolve(fixture.id()), "itabc", IMAGE);
            String text = Files.readString(prepared.composeFile());
            for (String line : text.lines().toList()) {
                if (line.strip().startsWith("image:") && !line.contains("${SANDBOX_REGISTRY}")) {
                    assertEquals("image: " + IMAGE, line.strip(), fixture.id());
                }
            }
            assertFalse(text.contains("type: cluster"), fixture.id());
        }
    }
}
