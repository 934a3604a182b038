package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.InvalidStackException;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a stack comes from, as an embedder says it: files, variables, and the stack's name given once. */
class StackSourceTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void anEnvironmentChoosesTheFilesAndNamesTheStackAfterTheProject() throws IOException {
        write("compose.yaml", "services:\n  web:\n    image: nginx:${WEB_TAG}\n");
        write("compose.prod.yaml", "services:\n  web:\n    deploy:\n      replicas: 2\n");
        StackSource source = StackSource.environment(dir, "prod").environmentVariables(Map.of("WEB_TAG", "1.25"));

        assertEquals(dir.getFileName() + "_prod", source.stackName());
        assertEquals("shop_prod", source.project("shop").stackName());
        assertEquals("shop-review", source.project("shop").stackName("shop-review").stackName());
        StackDefinition stack = source.load(EventListener.IGNORE).definition();
        assertEquals("nginx:1.25", stack.services().get("web").image());
        assertTrue(source.hasComposeFiles());
    }

    @Test
    void aVariableGivenOneByOneWinsOverTheEnvironmentWhateverTheOrder() throws IOException {
        write("compose.yaml", "services:\n  web:\n    image: app:${SWARM_TAG}\n");
        StackSource source = StackSource.environment(dir, null).stackName("shop")
                .variable("SWARM_TAG", "20240727_a5fa34c7")
                .environmentVariables(Map.of("SWARM_TAG", "from-the-environment"));

        assertEquals("app:20240727_a5fa34c7", source.load(EventListener.IGNORE).definition().services().get("web").image());
    }

    @Test
    void namedFilesResolveAgainstTheDirectoryAndMessagesNameThemFromThere() throws IOException {
        write("stack/base.yml", "services:\n  web:\n    image: nginx\n    deploy:\n      replicass: 2\n");
        StackSource source = StackSource.files(Path.of("stack/base.yml")).directory(dir).stackName("shop");

        InvalidStackException invalid = assertThrows(InvalidStackException.class, () -> source.load(EventListener.IGNORE));

        assertTrue(invalid.getMessage().contains("stack/base.yml:5:7 services.web.deploy.replicass"), invalid.getMessage());
    }

    @Test
    void configPrintsWhatOnlyADeployWouldRefuseWithAWarning() throws IOException {
        write("compose.yaml", "services:\n  web:\n    image: nginx\n    networks: [missing]\n");
        List<Event> events = new ArrayList<>();

        String yaml = StackSource.environment(dir, null).config(events::add);

        assertTrue(yaml.contains("image: nginx"), yaml);
        assertTrue(events.stream().anyMatch(e -> e.message().contains("missing")), events::toString);
        assertThrows(InvalidStackException.class, () -> StackSource.environment(dir, null).stackName("shop")
                .load(EventListener.IGNORE));
    }

    @Test
    void aStackWithoutNameOrEnvironmentIsRefusedNamingTheOption() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> StackSource.files(dir.resolve("compose.yaml")).stackName());

        assertEquals(Option.STACK, e.option());
        assertEquals("no stack name: give one (StackSource.stackName) or an environment (StackSource.environment)",
                e.getMessage());
        assertFalse(StackSource.files(dir.resolve("compose.yaml")).hasStackName());
        assertEquals(Option.COMPOSE_FILES, assertThrows(InvalidOptionException.class, () -> StackSource.files(List.of()))
                .option());
    }
}
