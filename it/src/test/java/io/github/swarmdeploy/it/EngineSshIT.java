package io.github.swarmdeploy.it;

import com.github.dockerjava.api.model.Config;
import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineInfo;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.SshConnectionException;
import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import io.github.swarmdeploy.core.engine.SshSettings;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * swarm-core's SSH transport against the sandbox's real OpenSSH server (127.0.0.1:2222): logging in, host key
 * checks, keys, and engine calls carried over the one SSH connection.
 */
class EngineSshIT {

    /** The sandbox engine reached directly, to compare with what comes over SSH. */
    @RegisterExtension
    static final SandboxSwarm local = SandboxSwarm.engine();

    private static SandboxSwarm.Ssh ssh;
    private static String knownHostsLine;

    @TempDir
    Path home;

    @BeforeAll
    static void sandbox() throws IOException {
        ssh = SandboxSwarm.requireSsh();
        knownHostsLine = Files.readAllLines(ssh.knownHosts()).stream()
                .filter(line -> line.startsWith("[" + ssh.host() + "]:" + ssh.port() + " ")).findFirst().orElseThrow();
    }

    @Test
    void engineCallsGoThroughOneSshConnection() throws Exception {
        String name = SandboxSwarm.uniqueStack("engine-ssh");
        try (EngineConnection engine = open(sshHost(), env(), keyAndKnownHosts())) {
            engine.requireSwarmManager();
            assertEquals(local.docker().infoCmd().exec().getSwarm().getNodeID(),
                    engine.swarm().fetchInfo().swarm().nodeId());
            assertEquals("ssh://" + ssh.user() + "@" + ssh.host() + ":" + ssh.port(), engine.description());

            String id = engine.swarm().createConfig(CreateRequests.config(name, Map.of(),
                    "over ssh".getBytes(StandardCharsets.UTF_8)));
            try {
                // seen through the local socket: the config really is on the swarm
                assertEquals(List.of(name), configNames(name));
                // typed and raw calls in parallel, more than the channel limit, share the one SSH connection
                ExecutorService pool = Executors.newFixedThreadPool(12);
                try {
                    List<Future<String>> answers = new ArrayList<>();
                    for (int i = 0; i < 24; i++) {
                        int n = i;
                        answers.add(pool.submit(() -> n % 2 == 0
                                ? engine.swarm().fetchConfig(id).orElseThrow().name()
                                : engine.fetchJson("/configs/" + id).path("Spec").path("Name").asText()));
                    }
                    for (Future<String> answer : answers) {
                        assertEquals(name, answer.get(60, TimeUnit.SECONDS));
                    }
                    assertEquals(1, sshConnectionsOfThisProcess(), "SSH connections from this JVM to the server");
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                engine.swarm().removeConfig(id);
            }
            assertEquals(List.of(), configNames(name));
        }
    }

    @Test
    void unknownHostKeyIsRefusedWithTheLineToAddAndThatLineWorks() throws IOException {
        Path emptyKnownHosts = Files.createFile(home.resolve("known_hosts"));
        // (that nothing on the swarm changes is shown by SshGoalIT: a prune that would remove a config does not)
        SshConnectionException refused = assertThrows(SshConnectionException.class,
                () -> open(sshHost(), env(), b -> b.keyFile(ssh.key()).knownHosts(emptyKnownHosts)));
        assertEquals(Reason.HOST_KEY_UNKNOWN, refused.reason());
        assertTrue(refused.getMessage().contains("It presented the ssh-ed25519 key " + ssh.hostFingerprint() + "."),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("\n" + knownHostsLine + "\n"), refused.getMessage());
        assertTrue(refused.getMessage().contains("SshSettings.hostKeyFingerprint=" + ssh.hostFingerprint()),
                refused.getMessage());

        String lineFromMessage = refused.getMessage().lines()
                .filter(line -> line.startsWith("[" + ssh.host() + "]:")).findFirst().orElseThrow();
        Files.writeString(emptyKnownHosts, lineFromMessage + "\n");
        try (EngineConnection engine = open(sshHost(), env(), b -> b.keyFile(ssh.key()).knownHosts(emptyKnownHosts))) {
            engine.ping();
        }
    }

    @Test
    void changedHostKeyIsRefusedAsPossibleAttack() throws IOException {
        String otherKey = Files.readString(ssh.nodockerKey().resolveSibling(ssh.nodockerKey().getFileName() + ".pub"))
                .trim().split(" ")[1];
        Path knownHosts = Files.writeString(home.resolve("known_hosts"),
                "[" + ssh.host() + "]:" + ssh.port() + " ssh-ed25519 " + otherKey + "\n");
        SshConnectionException refused = assertThrows(SshConnectionException.class,
                () -> open(sshHost(), env(), b -> b.keyFile(ssh.key()).knownHosts(knownHosts)));
        assertEquals(Reason.HOST_KEY_CHANGED, refused.reason());
        assertTrue(refused.getMessage().contains("has CHANGED - someone may be intercepting the connection"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains(knownHosts + ":1 expects"), refused.getMessage());
    }

    @Test
    void pinnedFingerprintIsAcceptedWithoutKnownHosts() {
        try (EngineConnection engine = open(sshHost(), env(),
                b -> b.keyFile(ssh.key()).hostKeyFingerprint(ssh.hostFingerprint()))) {
            assertTrue(engine.swarm().fetchInfo().swarm().controlAvailable());
        }
    }

    @Test
    void wrongPinIsRefusedNamingThePresentedKey() {
        String wrongPin = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
        SshConnectionException refused = assertThrows(SshConnectionException.class,
                () -> open(sshHost(), env(), b -> b.keyFile(ssh.key()).hostKeyFingerprint(wrongPin)));
        assertEquals(Reason.HOST_KEY_NOT_PINNED, refused.reason());
        assertTrue(refused.getMessage().contains("presented the ssh-ed25519 key " + ssh.hostFingerprint()
                + ", which is not the pinned SshSettings.hostKeyFingerprint " + wrongPin), refused.getMessage());
    }

    @Test
    void hashedKnownHostsEntryIsTrusted() throws Exception {
        Path knownHosts = Files.writeString(home.resolve("known_hosts"), knownHostsLine + "\n");
        Processes.run("ssh-keygen", "-q", "-H", "-f", knownHosts.toString());
        String hashed = Files.readString(knownHosts);
        assertTrue(hashed.startsWith("|1|") && !hashed.contains(ssh.host()), hashed);
        try (EngineConnection engine = open(sshHost(), env(), b -> b.keyFile(ssh.key()).knownHosts(knownHosts))) {
            engine.ping();
        }
    }

    @Test
    void knownHostsAndKeyFromEnvironmentContent() throws IOException {
        Map<String, String> env = env();
        // as CI variables often hold them: CRLF line ends, no final newline
        env.put("SSH_PRIVATE_KEY", Files.readString(ssh.key()).strip().replace("\n", "\r\n"));
        env.put("SSH_KNOWN_HOSTS", knownHostsLine);
        try (EngineConnection engine = open(sshHost(), env, UnaryOperator.identity())) {
            engine.ping();
        }
        Map<String, String> custom = env();
        custom.put("DEPLOY_KEY", Files.readString(ssh.key()));
        custom.put("SSH_KNOWN_HOSTS", knownHostsLine);
        try (EngineConnection engine = open(sshHost(), custom, b -> b.keyEnv("DEPLOY_KEY"))) {
            engine.ping();
        }
    }

    @Test
    void rsaEcdsaPemAndEncryptedKeysLogIn() throws Exception {
        Path pem = copy(ssh.rsaKey(), "rsa_pem");
        Processes.run("ssh-keygen", "-q", "-p", "-m", "PEM", "-N", "", "-f", pem.toString());
        assertTrue(Files.readString(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        Path openssh = copy(ssh.rsaKey(), "rsa_openssh");
        Processes.run("ssh-keygen", "-q", "-p", "-N", "", "-f", openssh.toString());
        assertTrue(Files.readString(openssh).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
        Path encrypted = copy(ssh.key(), "ed25519_encrypted");
        Processes.run("ssh-keygen", "-q", "-p", "-N", "s3cret phrase", "-f", encrypted.toString());

        for (Path key : List.of(pem, openssh, ssh.ecdsaKey())) {
            try (EngineConnection engine = open(sshHost(), env(), b -> b.keyFile(key).knownHosts(ssh.knownHosts()))) {
                engine.ping();
            }
        }
        try (EngineConnection engine = open(sshHost(), env(),
                b -> b.keyFile(encrypted).passphrase("s3cret phrase").knownHosts(ssh.knownHosts()))) {
            engine.ping();
        }
        SshConnectionException noPassphrase = assertThrows(SshConnectionException.class,
                () -> open(sshHost(), env(), b -> b.keyFile(encrypted).knownHosts(ssh.knownHosts())));
        assertEquals(Reason.KEY_UNUSABLE, noPassphrase.reason());
    }

    @Test
    void wrongKeyIsRefusedNamingTheKeyTried() throws Exception {
        Path stranger = home.resolve("stranger");
        Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
        String fingerprint = Processes.run("ssh-keygen", "-l", "-f", stranger + ".pub").split(" ")[1];
        SshConnectionException refused = assertThrows(SshConnectionException.class,
                () -> open(sshHost(), env(), b -> b.keyFile(stranger).knownHosts(ssh.knownHosts())));
        assertEquals(Reason.AUTHENTICATION_FAILED, refused.reason());
        assertTrue(refused.getMessage().startsWith("SSH authentication as " + ssh.user() + " on " + ssh.host() + ":"
                + ssh.port() + " failed: the server accepted none of the keys tried: key file " + stranger
                + " (ssh-ed25519 " + fingerprint + ")"), refused.getMessage());
    }

    @Test
    void userWithoutDockerAccessIsToldAboutTheDockerGroup() {
        String host = "ssh://" + ssh.nodockerUser() + "@" + ssh.host() + ":" + ssh.port();
        SshConnectionException refused = assertThrows(SshConnectionException.class,
                () -> open(host, env(), b -> b.keyFile(ssh.nodockerKey()).knownHosts(ssh.knownHosts())));
        assertEquals(Reason.REMOTE_DOCKER_DENIED, refused.reason());
        assertTrue(refused.getMessage().startsWith("user " + ssh.nodockerUser() + " on " + ssh.host() + ":" + ssh.port()
                + " may not use Docker: permission denied on the Docker socket"), refused.getMessage());
        assertTrue(refused.getMessage().contains("sudo usermod -aG docker " + ssh.nodockerUser()), refused.getMessage());
    }

    @Test
    void refusedPortIsReportedAsSuch() throws IOException {
        int closedPort = SandboxSwarm.freePort();
        SshConnectionException refused = assertThrows(SshConnectionException.class,
                () -> open("ssh://" + ssh.user() + "@127.0.0.1:" + closedPort, env(), keyAndKnownHosts()));
        assertEquals(Reason.UNREACHABLE, refused.reason());
        assertEquals("cannot connect to the SSH server 127.0.0.1:" + closedPort + ": connection refused - is an SSH "
                + "server listening on port " + closedPort + "?", refused.getMessage());
    }

    @Test
    void remoteSocketPathInTheHostIsUsedAsTheDockerCliDoes() {
        try (EngineConnection engine = open(sshHost() + ssh.dockerSocket(), env(), keyAndKnownHosts())) {
            engine.ping();
        }
        SshConnectionException missing = assertThrows(SshConnectionException.class,
                () -> open(sshHost() + "/run/no-such-docker.sock", env(), keyAndKnownHosts()));
        assertEquals(Reason.REMOTE_DOCKER_FAILED, missing.reason());
        assertTrue(missing.getMessage().contains("no-such-docker.sock"), missing.getMessage());
    }

    @Test
    void disabledHostKeyCheckingConnectsButWarns() throws IOException {
        Path emptyKnownHosts = Files.createFile(home.resolve("known_hosts"));
        List<Event> events = new CopyOnWriteArrayList<>();
        EngineSettings settings = EngineSettings.forHost(sshHost(), env()).withSsh(SshSettings.builder(env())
                .keyFile(ssh.key()).knownHosts(emptyKnownHosts).strictHostKeyChecking(false).build());
        try (EngineConnection engine = EngineConnection.open(settings, events::add)) {
            engine.ping();
        }
        List<String> warnings = events.stream().filter(e -> e.level() == Event.Level.WARN).map(Event::message).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("SshSettings.strictHostKeyChecking=false: connecting to [" + ssh.host()
                + "]:" + ssh.port() + " WITHOUT verifying its host key ssh-ed25519 " + ssh.hostFingerprint()),
                warnings.get(0));
    }

    @Test
    void droppedConnectionBecomesAClearInfrastructureError() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(ssh.host(), ssh.port());
             EngineConnection engine = open("ssh://" + ssh.user() + "@127.0.0.1:" + proxy.port(), env(),
                     b -> b.keyFile(ssh.key()).hostKeyFingerprint(ssh.hostFingerprint()))) {
            EngineInfo before = engine.swarm().fetchInfo();
            assertTrue(before.swarm().controlAvailable());
            proxy.cut();

            InfrastructureException typed = assertThrows(InfrastructureException.class,
                    () -> engine.swarm().fetchInfo());
            assertTrue(typed.getMessage().startsWith("lost the SSH connection to " + ssh.user() + "@127.0.0.1:"
                    + proxy.port()), typed.getMessage());
            SshConnectionException raw = assertThrows(SshConnectionException.class, () -> engine.fetchJson("/info"));
            assertEquals(Reason.CONNECTION_LOST, raw.reason());
        }
    }

    // --- helpers ---

    private String sshHost() {
        return "ssh://" + ssh.user() + "@" + ssh.host() + ":" + ssh.port();
    }

    /** An environment of its own: HOME is a fresh directory, so this machine's ~/.ssh plays no part. */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("USER", "nobody-in-particular");
        return env;
    }

    private static UnaryOperator<SshSettings.Builder> keyAndKnownHosts() {
        return b -> b.keyFile(ssh.key()).knownHosts(ssh.knownHosts());
    }

    private static EngineConnection open(String host, Map<String, String> env, UnaryOperator<SshSettings.Builder> ssh) {
        EngineSettings settings = EngineSettings.forHost(host, env).withSsh(ssh.apply(SshSettings.builder(env)).build());
        return EngineConnection.open(settings, EventListener.IGNORE);
    }

    private static List<String> configNames(String prefix) {
        return local.docker().listConfigsCmd().exec().stream()
                .map(Config::getSpec).map(spec -> spec.getName())
                .filter(name -> name.startsWith(prefix)).sorted().collect(Collectors.toList());
    }

    private Path copy(Path key, String name) throws IOException {
        Path copy = home.resolve(name);
        Files.copy(key, copy);
        return copy;
    }

    /** Established TCP connections from this JVM to the SSH server, as the kernel lists them. */
    private static long sshConnectionsOfThisProcess() throws Exception {
        String sockets = Processes.run("ss", "-H", "-t", "-n", "-p", "state", "established",
                "dst", ssh.host() + ":" + ssh.port());
        return sockets.lines().filter(line -> line.contains("pid=" + ProcessHandle.current().pid() + ",")).count();
    }
}
