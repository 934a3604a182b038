package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.NotSwarmManagerException;
import io.github.swarmdeploy.core.engine.TlsSettings;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * swarm-core against a real second dockerd that only speaks TLS with client certificates ({@code --tlsverify}
 * on a loopback port, certificates made by openssl here). That engine is in no swarm, which also shows the
 * manager check's message.
 */
class EngineTlsIT {

    private static Path dir;
    private static Process dockerd;
    private static int port;
    private static String bridge;

    @BeforeAll
    static void startTlsEngine() throws Exception {
        for (String tool : new String[] {"dockerd", "openssl", "ip"}) {
            if (!Processes.isOnPath(tool)) {
                throw SandboxSwarm.unavailable("no " + tool + " on the PATH", null);
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw SandboxSwarm.unavailable("starting a second dockerd needs root", null);
        }
        dir = Files.createTempDirectory("swarm-tls-");
        makeCertificates();
        port = SandboxSwarm.freePort();
        // A bridge of its own: with --bridge=none dockerd deletes the host's docker0, which the sandbox
        // engine's containers need; 198.18.0.0/15 is reserved for tests and used by no docker address pool.
        long pid = ProcessHandle.current().pid();
        String candidate = "swtls" + pid % 1_000_000;
        Processes.run("ip", "link", "add", "name", candidate, "type", "bridge");
        bridge = candidate;
        Processes.run("ip", "addr", "add", "198.18." + (pid % 250 + 1) + ".1/24", "dev", bridge);
        Path emptyConfig = Files.writeString(dir.resolve("daemon.json"), "{}");
        dockerd = new ProcessBuilder("dockerd", "--tlsverify", "--config-file", emptyConfig.toString(),
                "--tlscacert", dir.resolve("ca.pem").toString(),
                "--tlscert", dir.resolve("server-cert.pem").toString(),
                "--tlskey", dir.resolve("server-key.pem").toString(),
                "-H", "tcp://127.0.0.1:" + port,
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--bridge=" + bridge, "--iptables=false", "--ip6tables=false", "--ip-forward=false")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        SandboxSwarm.await("the TLS dockerd on 127.0.0.1:" + port + " (log " + dir.resolve("dockerd.log") + ")",
                Duration.ofSeconds(60), () -> {
                    if (!dockerd.isAlive()) {
                        throw new AssertionError("dockerd exited: " + Processes.readLog(dir.resolve("dockerd.log")));
                    }
                    try (EngineConnection engine = EngineConnection.open(tlsSettings())) {
                        engine.ping();
                        return true;
                    }
                }, up -> up);
    }

    @AfterAll
    static void stopTlsEngine() throws Exception {
        if (dockerd != null) {
            dockerd.destroy();
            if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (bridge != null) {
            Processes.run("ip", "link", "del", bridge);
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void tlsWithSeparatelyNamedFilesReachesTheEngineAndTheManagerCheckSpeaksDockersWords() {
        try (EngineConnection engine = EngineConnection.open(tlsSettings(), EventListener.IGNORE)) {
            // the handshake with client certificates worked, and the answer is the TLS dockerd's started here
            assertEquals(dir.resolve("data").toString(), engine.fetchJson("/info").path("DockerRootDir").asText(),
                    "the call reached the TLS dockerd of this test");
            NotSwarmManagerException notManager = assertThrows(NotSwarmManagerException.class, engine::requireSwarmManager);
            assertEquals("the Docker engine at tcp://127.0.0.1:" + port + ": This node is not a swarm manager. Use "
                    + "\"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.",
                    notManager.getMessage());
        }
    }

    @Test
    void tlsParametersOfAGoalReachTheEngineInARealBuild() {
        MavenBuild.Result prune = MavenBuild.of("prune").goals("swarm:prune")
                .property("swarm.stack", SandboxSwarm.uniqueStack("tls"))
                .property("swarm.host", "tcp://127.0.0.1:" + port)
                .property("swarm.tls.caCert", dir.resolve("ca.pem").toString())
                .property("swarm.tls.cert", dir.resolve("client.crt").toString())
                .property("swarm.tls.key", dir.resolve("client.key").toString())
                .run();

        // the TLS handshake worked: the engine itself answers that it is in no swarm
        assertTrue(!prune.succeeded() && prune.log().contains("This node is not a swarm manager."), prune::toString);
        assertTrue(prune.log().contains("MojoExecutionException"), "an infrastructure failure: " + prune);
    }

    @Test
    void dockerEnvironmentVariablesSelectTlsAsForTheDockerCli() throws IOException {
        Path certPath = Files.createDirectories(dir.resolve("docker-cert-path"));
        Files.copy(dir.resolve("ca.pem"), certPath.resolve("ca.pem"));
        Files.copy(dir.resolve("client.crt"), certPath.resolve("cert.pem"));
        Files.copy(dir.resolve("client.key"), certPath.resolve("key.pem"));
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_HOST", "tcp://127.0.0.1:" + port);
        env.put("DOCKER_TLS_VERIFY", "1");
        env.put("DOCKER_CERT_PATH", certPath.toString());
        try (EngineConnection engine = EngineConnection.open(EngineSettings.fromEnvironment(env))) {
            assertEquals("inactive", engine.fetchJson("/info").path("Swarm").path("LocalNodeState").asText());
        }
    }

    @Test
    void engineWithACertificateFromAnotherCaIsRefusedNamingTheHost() {
        EngineSettings settings = tlsSettings().withTls(tlsSettings().tls()
                .with(true, null, dir.resolve("other-ca.pem"), null, null));
        try (EngineConnection engine = EngineConnection.open(settings)) {
            EngineException refused = assertThrows(EngineException.class, engine::ping);
            assertTrue(refused.getMessage().startsWith("cannot reach the Docker engine at tcp://127.0.0.1:" + port + ": "),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("certification path"), refused.getMessage());
        }
    }

    @Test
    void plainHttpToTheTlsPortIsAnInfrastructureErrorNamingTheHost() {
        EngineSettings plain = EngineSettings.forHost("tcp://127.0.0.1:" + port, Map.of());
        try (EngineConnection engine = EngineConnection.open(plain)) {
            EngineException refused = assertThrows(EngineException.class, engine::ping);
            assertEquals("the Docker engine at tcp://127.0.0.1:" + port + " answered /_ping with 400 Client sent an "
                    + "HTTP request to an HTTPS server.", refused.getMessage());
        }
    }

    @Test
    void engineThatDoesNotAnswerIsNamedForTypedAndRawCalls() throws IOException {
        int closed = SandboxSwarm.freePort();
        try (EngineConnection engine = EngineConnection.open(EngineSettings.forHost("tcp://127.0.0.1:" + closed, Map.of()))) {
            InfrastructureException typed = assertThrows(InfrastructureException.class, () -> engine.swarm().fetchInfo());
            assertTrue(typed.getMessage().startsWith("cannot reach the Docker engine at tcp://127.0.0.1:" + closed + ": "),
                    typed.getMessage());
            assertTrue(typed.getMessage().contains("Connection refused"), typed.getMessage());
            InfrastructureException raw = assertThrows(InfrastructureException.class, engine::requireSwarmManager);
            assertEquals(typed.getMessage(), raw.getMessage());
        }
        String socket = "unix://" + dir.resolve("no-engine.sock");
        try (EngineConnection engine = EngineConnection.open(EngineSettings.forHost(socket, Map.of()))) {
            InfrastructureException missing = assertThrows(InfrastructureException.class, engine::ping);
            assertTrue(missing.getMessage().startsWith("cannot reach the Docker engine at " + socket + ": "),
                    missing.getMessage());
        }
    }

    /** TLS with certificates whose names are not docker's defaults, given one by one. */
    private static EngineSettings tlsSettings() {
        return EngineSettings.forHost("tcp://127.0.0.1:" + port, Map.of())
                .withTls(TlsSettings.NONE.with(null, null, dir.resolve("ca.pem"), dir.resolve("client.crt"),
                        dir.resolve("client.key")));
    }

    private static void makeCertificates() throws IOException {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=swarm-deploy test CA",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=another CA",
                "-keyout", "other-ca-key.pem", "-out", "other-ca.pem");
        signed("server", "/CN=127.0.0.1", "server-key.pem", "server-cert.pem");
        signed("client", "/CN=swarm-deploy client", "client.key", "client.crt");
    }

    private static void signed(String name, String subject, String key, String certificate) {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", key, "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", certificate);
    }

    private static void openssl(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Processes.runIn(dir, command);
    }
}
