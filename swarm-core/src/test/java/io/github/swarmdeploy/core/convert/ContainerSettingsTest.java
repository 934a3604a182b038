package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.compose.model.CredentialSpecConfig;
import io.github.swarmdeploy.core.compose.model.FileReference;
import io.github.swarmdeploy.core.compose.model.HealthCheckConfig;
import io.github.swarmdeploy.core.compose.model.LoggingConfig;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.UlimitsConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.convert.Fixtures.assertJson;
import static io.github.swarmdeploy.core.convert.Fixtures.fileObject;
import static io.github.swarmdeploy.core.convert.Fixtures.service;
import static io.github.swarmdeploy.core.convert.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Everything of the ContainerSpec apart from mounts, configs and secrets. */
class ContainerSettingsTest {

    private static JsonNode container(ServiceConfig.Builder service) {
        return stack().with(service).spec(service.build().name()).at("/TaskTemplate/ContainerSpec");
    }

    @Test
    void processSettings() {
        Map<String, Optional<String>> environment = new LinkedHashMap<>();
        environment.put("ZED", Optional.of("last"));
        environment.put("BAZ", Optional.of("baz_from_service_def"));
        environment.put("QUX", Optional.empty());
        environment.put("EMPTY", Optional.of(""));
        JsonNode container = container(service("s")
                .entrypoint(List.of("/code/entrypoint.sh", "-p", "3000"))
                .command(List.of("bundle", "exec", "thin", "-p", "3000"))
                .environment(environment)
                .hostname("foo")
                .user("someone")
                .workingDir("/code")
                .stopSignal("SIGUSR1")
                .stopGracePeriod(Optional.of(Duration.ofSeconds(20)))
                .init(Optional.of(true))
                .tty(true)
                .stdinOpen(true)
                .readOnly(true)
                .isolation("process")
                .oomScoreAdj(-500));

        assertJson("""
                {
                  "Image": "nginx:1.27",
                  "Labels": {"com.docker.stack.namespace": "app"},
                  "Command": ["/code/entrypoint.sh", "-p", "3000"],
                  "Args": ["bundle", "exec", "thin", "-p", "3000"],
                  "Env": ["BAZ=baz_from_service_def", "EMPTY=", "QUX", "ZED=last"],
                  "Hostname": "foo",
                  "User": "someone",
                  "Dir": "/code",
                  "StopSignal": "SIGUSR1",
                  "StopGracePeriod": 20000000000,
                  "Init": true,
                  "TTY": true,
                  "OpenStdin": true,
                  "ReadOnly": true,
                  "Privileges": {},
                  "Isolation": "process",
                  "OomScoreAdj": -500
                }""", container);
    }

    @Test
    void initFalseIsSentButAbsentInitIsNot() {
        assertEquals(false, container(service("s").init(Optional.of(false))).path("Init").asBoolean(true));
        assertEquals(true, container(service("s")).path("Init").isMissingNode());
    }

    @Test
    void hostsDnsSysctlsUlimitsAndCapabilities() {
        Map<String, UlimitsConfig> ulimits = new LinkedHashMap<>();
        ulimits.put("nproc", new UlimitsConfig(65535, 0, 0));
        ulimits.put("nofile", new UlimitsConfig(0, 20000, 40000));
        JsonNode container = container(service("s")
                .extraHosts(List.of("somehost:162.242.195.82", "host.docker.internal:host-gateway",
                        "ipv6.example.com:::1", "nocolon"))
                .dns(List.of("8.8.8.8", "9.9.9.9"))
                .dnsSearch(List.of("dc1.example.com"))
                .sysctls(Map.of("net.core.somaxconn", "1024"))
                .ulimits(ulimits)
                .capAdd(List.of("ALL", "net_admin"))
                .capDrop(List.of("NET_ADMIN", "sys_admin", "RESET")));

        assertJson("""
                ["162.242.195.82 somehost", "host-gateway host.docker.internal", "::1 ipv6.example.com"]""",
                container.path("Hosts"));
        assertJson("""
                {"Nameservers": ["8.8.8.8", "9.9.9.9"], "Search": ["dc1.example.com"]}""", container.path("DNSConfig"));
        assertJson("""
                {"net.core.somaxconn": "1024"}""", container.path("Sysctls"));
        assertJson("""
                [{"Name": "nofile", "Soft": 20000, "Hard": 40000}, {"Name": "nproc", "Soft": 65535, "Hard": 65535}]""",
                container.path("Ulimits"));
        assertJson("""
                ["ALL"]""", container.path("CapabilityAdd"));
        assertJson("""
                ["CAP_NET_ADMIN", "CAP_SYS_ADMIN"]""", container.path("CapabilityDrop"));
    }

    @Test
    void capabilityBothAddedAndDroppedIsOnlyAdded() {
        JsonNode container = container(service("s").capAdd(List.of("chown", "CAP_KILL")).capDrop(List.of("CHOWN", "ALL")));

        assertJson("""
                ["CAP_CHOWN", "CAP_KILL"]""", container.path("CapabilityAdd"));
        assertJson("""
                ["ALL"]""", container.path("CapabilityDrop"));
    }

    @Test
    void dnsSearchAloneGivesADnsConfig() {
        assertJson("""
                {"Search": ["example.com"]}""", container(service("s").dnsSearch(List.of("example.com"))).path("DNSConfig"));
    }

    @Test
    void healthcheck() {
        JsonNode container = container(service("s").healthcheck(Optional.of(new HealthCheckConfig(
                List.of("CMD-SHELL", "echo \"hello world\""), Optional.of(Duration.ofSeconds(1)),
                Optional.of(Duration.ofSeconds(10)), Optional.of(5), Optional.of(Duration.ofSeconds(15)),
                Optional.of(Duration.ofSeconds(1)), false))));

        assertJson("""
                {"Test": ["CMD-SHELL", "echo \\"hello world\\""], "Interval": 10000000000, "Timeout": 1000000000,
                 "Retries": 5, "StartPeriod": 15000000000, "StartInterval": 1000000000}""", container.path("Healthcheck"));
    }

    @Test
    void disabledHealthcheckIsNone() {
        assertJson("""
                {"Test": ["NONE"]}""", container(service("s").healthcheck(Optional.of(new HealthCheckConfig(
                List.of(), Optional.of(Duration.ofSeconds(3)), null, null, null, null, true)))).path("Healthcheck"));
        assertEquals("services.s.healthcheck: test and disable can't be set at the same time",
                assertThrows(ConversionException.class, () -> container(service("s").healthcheck(Optional.of(
                        new HealthCheckConfig(List.of("CMD", "true"), null, null, null, null, null, true)))))
                        .getMessage());
    }

    @Test
    void zeroHealthcheckValuesAreLeftOut() {
        assertJson("""
                {"Test": ["CMD", "true"]}""", container(service("s").healthcheck(Optional.of(new HealthCheckConfig(
                List.of("CMD", "true"), Optional.of(Duration.ZERO), null, Optional.of(0), null, null, false))))
                .path("Healthcheck"));
    }

    @Test
    void logging() {
        JsonNode task = stack().with(service("s").logging(Optional.of(new LoggingConfig("syslog",
                Map.of("syslog-address", "tcp://192.168.0.42:123"))))).spec("s").at("/TaskTemplate");

        assertJson("""
                {"Name": "syslog", "Options": {"syslog-address": "tcp://192.168.0.42:123"}}""", task.path("LogDriver"));
        assertJson("""
                {"Name": "json-file"}""", stack().with(service("s").logging(Optional.of(
                new LoggingConfig("json-file", Map.of())))).spec("s").at("/TaskTemplate/LogDriver"));
    }

    @Test
    void credentialSpecFileOrRegistry() {
        assertJson("""
                {"CredentialSpec": {"File": "spec.json"}}""",
                container(service("s").credentialSpec(new CredentialSpecConfig("", "spec.json", ""))).path("Privileges"));
        assertJson("""
                {"CredentialSpec": {"Registry": "key"}}""",
                container(service("s").credentialSpec(new CredentialSpecConfig("", "", "key"))).path("Privileges"));
        assertEquals("services.s.credential_spec: invalid credential spec: cannot specify both \"File\" and \"Registry\"",
                assertThrows(ConversionException.class, () -> container(service("s").credentialSpec(
                        new CredentialSpecConfig("", "f", "r")))).getMessage());
        assertEquals("services.s.credential_spec: invalid credential spec: cannot specify both \"Config\", \"File\", "
                        + "and \"Registry\"",
                assertThrows(ConversionException.class, () -> stack().with(service("s").credentialSpec(
                        new CredentialSpecConfig("c", "f", "r"))).config(fileObject("c", "x")).convert()).getMessage());
    }

    @Test
    void credentialSpecConfigIsARuntimeReferenceAndItsIdOnceKnown() {
        Fixtures.Stack stack = stack().with(service("s").credentialSpec(new CredentialSpecConfig("gmsa", "", ""))
                        .configs(List.of(new FileReference("gmsa", "/cred", "", "", Optional.empty()))))
                .config(fileObject("gmsa", "{}"));
        DesiredService service = stack.convert().service("s").orElseThrow();

        JsonNode byName = Fixtures.json(service.spec()).at("/TaskTemplate/ContainerSpec");
        assertJson("""
                [{"File": {"Name": "/cred", "UID": "0", "GID": "0", "Mode": 292}, "ConfigName": "app_gmsa"},
                 {"Runtime": {}, "ConfigName": "app_gmsa"}]""", byName.path("Configs"));
        assertJson("""
                {"CredentialSpec": {}}""", byName.path("Privileges"));

        JsonNode withIds = Fixtures.json(service.specWith(new ObjectIds(Map.of("app_gmsa", "cfg1"), Map.of())))
                .at("/TaskTemplate/ContainerSpec");
        assertJson("""
                {"CredentialSpec": {"Config": "cfg1"}}""", withIds.path("Privileges"));
        assertEquals("cfg1", withIds.at("/Configs/1/ConfigID").asText());
    }
}
