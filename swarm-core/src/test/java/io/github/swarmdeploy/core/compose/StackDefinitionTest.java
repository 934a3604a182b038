package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records conversion and deployment read: the pipeline's prod stack (corpus 01) as an example. */
class StackDefinitionTest {

    @TempDir
    Path temp;

    private static StackDefinition prodStack(Map<String, String> variables) {
        Path dir = Fixtures.corpus("01-yu-leo-prod");
        return StackLoader.forFiles(List.of(dir.resolve("compose.yml"))).environment(variables).lenientImages(true).load().definition();
    }

    @Test
    void servicesCarryDockersValues() throws Exception {
        Path dir = Fixtures.corpus("01-yu-leo-prod");
        StackDefinition stack = prodStack(Fixtures.variables(dir.resolve("variables.env")));

        assertEquals(List.of("backend", "frontend", "nginx-proxy", "postgres"), List.copyOf(stack.services().keySet()));
        ServiceConfig backend = stack.services().get("backend");
        assertEquals("registry.gitlab.com/PROJECT-NAME/backend/backend:20240727_a5fa34c7", backend.image());
        assertEquals(Optional.of(1L), backend.deploy().replicas());
        assertEquals(838860800L, backend.deploy().resources().limits().orElseThrow().memoryBytes());
        assertEquals("0.7", backend.deploy().resources().limits().orElseThrow().nanoCpus());
        assertEquals("start-first", backend.deploy().updateConfig().orElseThrow().order());
        assertEquals(Duration.ofSeconds(10), backend.deploy().updateConfig().orElseThrow().delay());
        assertEquals(Optional.of(0L), backend.deploy().rollbackConfig().orElseThrow().parallelism());
        assertEquals(List.of("CMD-SHELL", "curl --fail http://127.0.0.1:8080/api/service/ping || exit 1"),
                backend.healthcheck().orElseThrow().test());
        assertEquals(Map.of("DB_PASS_FILE", Optional.of("/run/secrets/project-prod-postgres-passwd")), backend.environment());
        assertEquals("/app/config.toml", backend.configs().get(0).target());
        assertEquals("always", stack.services().get("postgres").restart());
        assertEquals(5432L, stack.services().get("postgres").ports().get(0).published());

        FileObjectConfig config = stack.configs().get("backend-config");
        assertEquals(FileObjectConfig.Source.FILE, config.source());
        assertEquals("project_prod_backend_config_bb891ab9cb4d00f7b52b2663ab6b5945", config.name());
        assertArrayEquals(Files.readAllBytes(dir.resolve("prod/backend/config.toml")), config.content().bytes());
        assertEquals(Optional.empty(), config.nameVariable());
        FileObjectConfig secret = stack.secrets().get("project-prod-postgres-passwd");
        assertTrue(secret.isExternal());
        assertEquals(FileObjectConfig.Source.EXTERNAL, secret.source());
        assertEquals("project-prod-postgres-passwd", secret.name());
        assertTrue(stack.networks().get("default").attachable());

        assertEquals(dir.resolve("compose.yml") + ":44:17 services.backend.configs.0.source", stack.locate("services.backend.configs.0.source"));
        assertEquals(Optional.of(new io.github.swarmdeploy.core.compose.model.Position(dir.resolve("compose.yml").toString(), 42, 12)),
                stack.positionOf("services.backend.image"));
    }

    @Test
    void aConfigNamedByAnUnsetVariableRecordsTheVariable() {
        Map<String, String> variables = new HashMap<>(Fixtures.variables(Fixtures.corpus("01-yu-leo-prod").resolve("variables.env")));
        variables.remove("PROJECT_PROD_BACKEND_CONFIG");

        FileObjectConfig config = prodStack(variables).configs().get("backend-config");

        assertEquals(Optional.of("PROJECT_PROD_BACKEND_CONFIG"), config.nameVariable());
        assertEquals("", config.name());
    }

    @Test
    void inlineAndEnvironmentSourcesCarryTheirContentAndNeverPrintIt() {
        Stacks stacks = new Stacks(temp).environment(Map.of("DB_PASSWORD", "pw-4711"));
        LoadedStack loaded = stacks.load("""
                services:
                  web:
                    image: nginx
                    secrets: [db, token]
                    configs: [motd]
                secrets:
                  db:
                    environment: DB_PASSWORD
                  token:
                    content: tok-0815
                configs:
                  motd:
                    content: hello
                """);
        StackDefinition stack = loaded.definition();

        assertEquals(FileObjectConfig.Source.ENVIRONMENT, stack.secrets().get("db").source());
        assertEquals("pw-4711", new String(stack.secrets().get("db").content().bytes(), StandardCharsets.UTF_8));
        assertEquals(FileObjectConfig.Source.CONTENT, stack.secrets().get("token").source());
        assertEquals("tok-0815", new String(stack.secrets().get("token").content().bytes(), StandardCharsets.UTF_8));
        assertEquals("hello", new String(stack.configs().get("motd").content().bytes(), StandardCharsets.UTF_8));
        String yaml = loaded.toYaml();
        assertFalse(yaml.contains("tok-0815") || yaml.contains("pw-4711"), yaml);
        assertTrue(yaml.contains("    content: <masked>\n"), yaml);
        assertTrue(yaml.contains("    content: hello\n"), yaml);
        assertFalse(stack.toString().contains("tok-0815") || stack.toString().contains("pw-4711"));
    }
}
