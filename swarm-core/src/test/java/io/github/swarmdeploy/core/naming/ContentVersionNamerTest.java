package io.github.swarmdeploy.core.naming;

import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.FileObject;
import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.apache.commons.codec.digest.DigestUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentVersionNamerTest {

    private final List<Event> events = new ArrayList<>();
    private final StackDefinition definition = new StackDefinition("3.8", List.of(Path.of("compose.yaml")), Path.of("."),
            Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of("configs.nginx_conf.name", new Position("compose.yaml", 12, 11)));
    private final SecretVersionKey key = SecretVersionKey.generate();
    private final ContentVersionNamer namer = new ContentVersionNamer(definition, events::add, key);

    private static FileObject config(String key, String name, Optional<String> nameVariable, String content) {
        return object(FileObject.Kind.CONFIG, key, name, nameVariable, content);
    }

    private static FileObject secret(String key, String content) {
        return object(FileObject.Kind.SECRET, key, "", Optional.empty(), content);
    }

    private static FileObject object(FileObject.Kind kind, String key, String name, Optional<String> nameVariable,
                                     String content) {
        return new FileObject(kind, "project_prod", new FileObjectConfig(key, name,
                "/x/" + key, ObjectContent.ofText(content), "", null, Map.of(), "", Map.of(), "",
                FileObjectConfig.Source.FILE, nameVariable));
    }

    /** The plain hash a secret's name carried before: the first 16 hex digits of SHA-256 of its content. */
    private static String plainHash(String content) {
        return DigestUtils.sha256Hex(content.getBytes(StandardCharsets.UTF_8)).substring(0, ContentHash.LENGTH);
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

        new ContentVersionNamer(loaded, events::add, key).name(object);

        String message = events.get(0).message();
        assertTrue(message.startsWith("compose.prod.yaml:7:5 configs.nginx_conf.name: ${NGINX_CONF} is not set"), message);
    }

    @Test
    void aSecretIsNamedByItsContentUnderTheStacksKey() {
        FileObject pin = secret("pin", "482913");

        String name = namer.name(pin);

        assertTrue(name.matches("project_prod_pin_[0-9a-f]{16}"), name);
        assertEquals(name, new ContentVersionNamer(definition, events::add, key).name(secret("pin", "482913")),
                "same content, same key: same name, so an unchanged secret keeps its version");
        assertNotEquals(name, namer.name(secret("pin", "482914")), "other content: another version");
        assertEquals(name.substring(name.length() - 16), namer.labels(pin).get(StackLabels.HASH));
    }

    @Test
    void anotherKeyGivesAnotherName() {
        FileObject pin = secret("pin", "482913");

        assertNotEquals(namer.name(pin), new ContentVersionNamer(definition, events::add, SecretVersionKey.generate())
                .name(pin));
    }

    @Test
    void thePlainHashOfASecretsContentAppearsNowhere() {
        FileObject pin = secret("pin", "482913");
        String plain = plainHash("482913");

        String name = namer.name(pin);
        Map<String, String> labels = namer.labels(pin);

        assertFalse(name.contains(plain), name);
        assertFalse(labels.toString().contains(plain), labels::toString);
        assertTrue(events.isEmpty(), events::toString);
        assertFalse(key.toString().contains(key.encoded()), "the key itself is never printed");
    }

    @Test
    void configsKeepTheirPlainContentHashWhateverTheKey() {
        FileObject page = config("page", "", Optional.empty(), "<h1>one</h1>");

        assertEquals("project_prod_page_" + plainHash("<h1>one</h1>"), namer.name(page));
        assertEquals(namer.name(page), new ContentVersionNamer(definition, events::add, SecretVersionKey.generate())
                .name(page));
    }

    @Test
    void aKeyIsStoredAndReadBackAsHexAndARefusedTextIsNotRepeated() {
        assertEquals(key, SecretVersionKey.decode(key.encoded() + "\n"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SecretVersionKey.decode("not-a-key-but-maybe-a-secret"));
        assertFalse(refused.getMessage().contains("not-a-key"), refused::getMessage);
    }

    @Test
    void theNoteOnALegacySecretNameSaysItRevealsAPlainHash() {
        namer.name(object(FileObject.Kind.SECRET, "db_password", "", Optional.of("DB_PASSWORD"), "hunter2"));

        String message = events.get(0).message();
        assertTrue(message.contains("plain MD5 of its content"), message);
    }
}
