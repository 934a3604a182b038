package io.github.swarmdeploy.core.naming;

import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.FileObject;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.compose.StackLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentVersionNamerTest {

    private final List<Event> events = new ArrayList<>();
    private final StackDefinition definition = new StackDefinition("3.8", List.of(Path.of("compose.yaml")), Path.of("."),
            Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of("configs.nginx_conf.name", new Position(Path.of("compose.yaml"), 12, 11)));
    private final ContentVersionNamer namer = new ContentVersionNamer(definition, events::add);

    private static FileObject config(String key, String name, Optional<String> nameVariable, String content) {
        return new FileObject(FileObject.Kind.CONFIG, "project_prod", new FileObjectConfig(key, name,
                FileObjectConfig.Source.FILE, "/x/" + key, "", ObjectContent.ofText(content), null, Map.of(), "",
                Map.of(), "", nameVariable));
    }

    @Test
    void withoutANameTheContentDecides() {
        FileObject object = config("nginx_conf", "", Optional.empty(), "hello\n");
        assertEquals("project_prod_nginx_conf_5891b5b522d5df08", namer.name(object));
        assertEquals(Map.of("com.docker.stack.namespace", "project_prod", "io.github.swarmdeploy.managed", "true",
                "io.github.swarmdeploy.key", "nginx_conf", "io.github.swarmdeploy.hash", "5891b5b522d5df08"),
                namer.labels(object));
        assertTrue(events.isEmpty());
    }

    @Test
    void explicitNameIsUsedAsWritten() {
        assertEquals("my-config-v3", namer.name(config("nginx_conf", "my-config-v3", Optional.empty(), "x")));
    }

    @Test
    void unsetNameVariableGetsWhatGetConfigVersionsExportedAndSaysSo() {
        String name = namer.name(config("nginx_conf", "", Optional.of("NGINX_CONF"), "hello\n"));

        assertEquals("nginx_conf_b1946ac92492d2347c6235b4d2611184", name);
        assertEquals(1, events.size());
        String message = events.get(0).message();
        assertTrue(message.startsWith("compose.yaml:12:11 configs.nginx_conf.name: ${NGINX_CONF} is not set"), message);
        assertTrue(message.contains("no longer needed"), message);
    }

    @Test
    void theNoteOnAnUnsetNameVariableOfALoadedStackNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("default.conf"), "server {}\n");
        Files.writeString(dir.resolve("compose.prod.yaml"), """
                services:
                  web:
                    image: nginx
                    configs: [nginx_conf]
                configs:
                  nginx_conf:
                    name: ${NGINX_CONF}
                    file: ./default.conf
                """);
        StackDefinition loaded = StackLoader.forEnvironment(dir, "prod").environment(Map.of()).readDotEnv(false)
                .displayPathsRelativeTo(dir).load().definition();
        FileObject object = config("nginx_conf", "", Optional.of("NGINX_CONF"), "server {}\n");

        new ContentVersionNamer(loaded, events::add).name(object);

        String message = events.get(0).message();
        assertTrue(message.startsWith("compose.prod.yaml:7:5 configs.nginx_conf.name: ${NGINX_CONF} is not set"), message);
    }
}
