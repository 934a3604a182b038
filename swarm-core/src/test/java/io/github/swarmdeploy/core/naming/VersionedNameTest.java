package io.github.swarmdeploy.core.naming;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionedNameTest {

    private static ContentHash hash(String content) {
        return ContentHash.of(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nameIsStackKeyAndContentHash() {
        ContentHash hash = hash("server { listen 80; }\n");
        assertEquals("project_prod_nginx_conf_" + hash.hex(), VersionedName.of("project_prod", "nginx_conf", hash));
    }

    @Test
    void sameContentGivesSameNameAndChangedContentANewOne() {
        String first = VersionedName.of("app", "conf", hash("a=1\n"));
        assertEquals(first, VersionedName.of("app", "conf", hash("a=1\n")));
        assertNotEquals(first, VersionedName.of("app", "conf", hash("a=2\n")));
    }

    @Test
    void contentHashIsTheStartOfItsSha256() {
        // sha256("hello\n") = 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03
        assertEquals("5891b5b522d5df08", hash("hello\n").hex());
    }

    @Test
    void longKeyIsShortenedButTheHashStaysWhole() {
        ContentHash hash = hash("x");
        String key = "a_really_long_configuration_key_that_goes_on_and_on_and_on_forever";
        String name = VersionedName.of("project_prod", key, hash);

        assertEquals(VersionedName.MAX_LENGTH, name.length());
        assertTrue(name.startsWith("project_prod_a_really_long"), name);
        assertTrue(name.endsWith("_" + hash.hex()), name);
        assertTrue(VersionedName.isValid(name), name);
    }

    @Test
    void twoLongKeysWithTheSamePrefixAndContentStayApart() {
        ContentHash hash = hash("same");
        String common = "shared_prefix_long_enough_to_be_cut_in_every_stack_name_";
        assertNotEquals(VersionedName.of("stack", common + "frontend", hash),
                VersionedName.of("stack", common + "backend", hash));
    }

    @Test
    void charactersSwarmRefusesAreReplaced() {
        String name = VersionedName.of("app", "my key", hash("x"));
        assertTrue(name.startsWith("app_my-key_"), name);
    }

    @Test
    void stackStartingWithAPunctuationMarkIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> VersionedName.of("_app", "conf", hash("x")));
    }

    @Test
    void swarmNameRules() {
        assertTrue(VersionedName.isValid("a"));
        assertTrue(VersionedName.isValid("a.b-c_d"));
        assertTrue(!VersionedName.isValid("a-"));
        assertTrue(!VersionedName.isValid("-a"));
        assertTrue(!VersionedName.isValid("a/b"));
        assertTrue(!VersionedName.isValid("a".repeat(65)));
    }

    @Test
    void legacyVariableValueIsLowerCasedNameAndMd5OfTheFile() {
        // md5("hello\n") = b1946ac92492d2347c6235b4d2611184
        assertEquals("nginx_conf_b1946ac92492d2347c6235b4d2611184",
                LegacyNameVariable.valueFor("NGINX_CONF", "hello\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void labelsNameStackKeyAndHash() {
        ContentHash hash = hash("x");
        var labels = StackLabels.forVersionedObject("app", "conf", hash);
        assertEquals("app", labels.get("com.docker.stack.namespace"));
        assertEquals("true", labels.get("io.github.swarmdeploy.managed"));
        assertEquals("conf", labels.get("io.github.swarmdeploy.key"));
        assertEquals(hash.hex(), labels.get("io.github.swarmdeploy.hash"));
    }
}
