package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.FileReference;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.assertJson;
import static io.github.swarmdeploy.core.convert.Fixtures.externalObject;
import static io.github.swarmdeploy.core.convert.Fixtures.fileObject;
import static io.github.swarmdeploy.core.convert.Fixtures.service;
import static io.github.swarmdeploy.core.convert.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Configs and secrets: the objects, their names (and the naming hook), and the services' references. */
class FileObjectsTest {

    private static FileObjectConfig named(FileObjectConfig object, String name, Map<String, String> labels) {
        return new FileObjectConfig(object.key(), name, object.file(), object.content(), object.environment(), object.external(),
                labels, object.driver(), object.driverOpts(), object.templateDriver(), object.source(), object.nameVariable());
    }

    private static FileReference reference(String source) {
        return new FileReference(source, "", "", "", Optional.empty());
    }

    private static Fixtures.Stack stackWithObjects() {
        return stack()
                .with(service("web")
                        .configs(List.of(reference("site"), new FileReference("nginx", "/etc/nginx/nginx.conf", "103",
                                "104", Optional.of(0440)), reference("shared")))
                        .secrets(List.of(reference("db_password"), new FileReference("tls", "/run/tls.key", "", "",
                                Optional.empty()))))
                .config(named(fileObject("site", "<html/>"), "", Map.of("tier", "web")))
                .config(named(fileObject("nginx", "worker_processes 1;"), "nginx_v2", Map.of()))
                .config(externalObject("shared", ""))
                .config(fileObject("unused", "still created"))
                .secret(fileObject("db_password", "s3cr3t"))
                .secret(new FileObjectConfig("tls", "", "", ObjectContent.NONE, "", new External(true, "legacy_tls"),
                        Map.of(), "", Map.of(), "", FileObjectConfig.Source.EXTERNAL, Optional.empty()));
    }

    @Test
    void everyConfigAndSecretOfTheFileWithDockersNames() {
        DesiredStack desired = stackWithObjects().convert();

        assertEquals(List.of("nginx", "shared", "site", "unused"), desired.configs().stream().map(DesiredConfig::key).toList());
        DesiredConfig site = desired.config("site").orElseThrow();
        assertEquals("app_site", site.name());
        assertEquals(Map.of("tier", "web", "com.docker.stack.namespace", "app"), site.labels());
        assertArrayEquals("<html/>".getBytes(StandardCharsets.UTF_8), site.data());
        assertEquals("nginx_v2", desired.config("nginx").orElseThrow().name());
        assertEquals(DesiredConfig.external("shared", "shared"), desired.config("shared").orElseThrow());
        assertEquals("app_unused", desired.config("unused").orElseThrow().name());

        DesiredSecret password = desired.secret("db_password").orElseThrow();
        assertEquals("app_db_password", password.name());
        assertArrayEquals("s3cr3t".getBytes(StandardCharsets.UTF_8), password.data());
        assertFalse(password.toString().contains("s3cr3t"), password.toString());
        assertEquals(DesiredSecret.external("tls", "legacy_tls"), desired.secret("tls").orElseThrow());
    }

    @Test
    void referencesCarryNamesWithDockersDefaultsSortedByName() {
        JsonNode container = Fixtures.json(stackWithObjects().convert().service("web").orElseThrow().spec())
                .at("/TaskTemplate/ContainerSpec");

        assertJson("""
                [
                  {"File": {"Name": "site", "UID": "0", "GID": "0", "Mode": 292}, "ConfigName": "app_site"},
                  {"File": {"Name": "/etc/nginx/nginx.conf", "UID": "103", "GID": "104", "Mode": 288},
                   "ConfigName": "nginx_v2"},
                  {"File": {"Name": "shared", "UID": "0", "GID": "0", "Mode": 292}, "ConfigName": "shared"}
                ]""", container.path("Configs"));
        assertJson("""
                [
                  {"File": {"Name": "db_password", "UID": "0", "GID": "0", "Mode": 292}, "SecretName": "app_db_password"},
                  {"File": {"Name": "/run/tls.key", "UID": "0", "GID": "0", "Mode": 292}, "SecretName": "legacy_tls"}
                ]""", container.path("Secrets"));
    }

    @Test
    void specWithIdsFillsEveryReference() {
        DesiredService web = stackWithObjects().convert().service("web").orElseThrow();
        ObjectIds ids = new ObjectIds(Map.of("app_site", "c1", "nginx_v2", "c2", "shared", "c3"),
                Map.of("app_db_password", "s1", "legacy_tls", "s2"));

        JsonNode container = Fixtures.json(web.specWith(ids)).at("/TaskTemplate/ContainerSpec");

        assertEquals(List.of("c1", "c2", "c3"), texts(container.path("Configs"), "ConfigID"));
        assertEquals(List.of("s1", "s2"), texts(container.path("Secrets"), "SecretID"));
        // the spec by name is untouched, and a fresh one each time
        assertEquals(true, Fixtures.json(web.spec()).at("/TaskTemplate/ContainerSpec/Configs/0/ConfigID").isMissingNode());
    }

    @Test
    void aMissingIdIsReportedAsDockerDoes() {
        DesiredService web = stackWithObjects().convert().service("web").orElseThrow();

        SwarmDeployException problem = assertThrows(SwarmDeployException.class, () -> web.specWith(
                new ObjectIds(Map.of("app_site", "c1", "nginx_v2", "c2", "shared", "c3"), Map.of("app_db_password", "s1"))));
        assertEquals("secret not found: legacy_tls", problem.getMessage());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.path(field).asText()));
        return values;
    }

    @Test
    void theNamerDecidesNamesAndAddsLabelsForOwnedObjectsOnly() {
        List<FileObject> asked = new ArrayList<>();
        ObjectNamer hashing = new ObjectNamer() {
            @Override
            public String name(FileObject object) {
                asked.add(object);
                return object.stack() + "_" + object.key() + "-" + object.data().length;
            }

            @Override
            public Map<String, String> labels(FileObject object) {
                return Map.of("io.github.swarmdeploy.key", object.key(), "tier", "overridden");
            }
        };

        DesiredStack desired = stackWithObjects().convert(hashing);

        assertEquals(List.of("site", "nginx", "unused", "db_password"), asked.stream().map(FileObject::key).toList());
        assertEquals("app_site-7", desired.config("site").orElseThrow().name());
        assertEquals(Map.of("tier", "overridden", "io.github.swarmdeploy.key", "site", "com.docker.stack.namespace", "app"),
                desired.config("site").orElseThrow().labels());
        assertEquals("shared", desired.config("shared").orElseThrow().name());
        JsonNode configs = Fixtures.json(desired.service("web").orElseThrow().spec()).at("/TaskTemplate/ContainerSpec/Configs");
        assertEquals(List.of("app_nginx-19", "app_site-7", "shared"), texts(configs, "ConfigName"));
    }

    @Test
    void secretWithADriverHasNoDataAndCarriesTheDriver() {
        DesiredStack desired = stack().secret(new FileObjectConfig("vault", "", "/x", ObjectContent.ofText("ignored"), "", External.NO,
                Map.of(), "vault-plugin", Map.of("path", "a/b"), "golang", FileObjectConfig.Source.FILE, Optional.empty())).convert();

        DesiredSecret vault = desired.secret("vault").orElseThrow();
        assertEquals(0, vault.data().length);
        assertEquals(Optional.of("vault-plugin"), vault.driver());
        assertEquals(Map.of("path", "a/b"), vault.driverOptions());
        assertEquals(Optional.of("golang"), vault.templateDriver());
    }

    @Test
    void undefinedAndDuplicateReferencesAreRefused() {
        assertEquals("services.web.secrets.0: undefined secret \"nope\"", assertThrows(ConversionException.class,
                () -> stack().with(service("web").secrets(List.of(reference("nope")))).convert()).getMessage());
        assertEquals("services.web.configs.1: duplicate config target for app_b not allowed",
                assertThrows(ConversionException.class, () -> stack()
                        .with(service("web").configs(List.of(new FileReference("a", "/same", "", "", Optional.empty()),
                                new FileReference("b", "/same", "", "", Optional.empty()))))
                        .config(fileObject("a", "1")).config(fileObject("b", "2")).convert()).getMessage());
    }
}
