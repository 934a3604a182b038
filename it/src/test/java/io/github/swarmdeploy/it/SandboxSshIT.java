package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox SSH server gives SSH tests what they rely on: {@code deploy} reaches the engine with every
 * key the sandbox made (read by sshj, the library swarm-core connects with), {@code nodocker} logs in but
 * is refused by the engine, and the host is identified by the known_hosts file or the fingerprint.
 */
class SandboxSshIT {

    private static SandboxSwarm.Ssh ssh;
    private static String engineVersion;

    @BeforeAll
    static void requireSandbox() throws IOException {
        try (EngineConnection engine = SandboxSwarm.requireEngine()) {
            engineVersion = engine.swarm().fetchVersion().version();
        }
        ssh = SandboxSwarm.requireSsh();
    }

    @Test
    void deployReachesTheEngineWithEveryKeyType() throws IOException {
        String passphrase = Files.readString(ssh.passphraseFile()).trim();
        for (Path key : new Path[] {ssh.key(), ssh.rsaKey(), ssh.ecdsaKey()}) {
            Run run = runAs(ssh.user(), client -> client.loadKeys(key.toString()), dockerVersionCommand());
            assertEquals(0, run.exitStatus(), () -> "with " + key + ": " + run);
            assertEquals(engineVersion, run.stdout().trim(), () -> "with " + key + ": " + run);
        }
        Run encrypted = runAs(ssh.user(), client -> client.loadKeys(ssh.encryptedKey().toString(), passphrase),
                dockerVersionCommand());
        assertEquals(0, encrypted.exitStatus(), () -> "with the passphrase-protected key: " + encrypted);
    }

    @Test
    void nodockerLogsInButTheEngineRefusesIt() throws IOException {
        for (Path key : new Path[] {ssh.nodockerKey(), ssh.key()}) {
            Run run = runAs(ssh.nodockerUser(), client -> client.loadKeys(key.toString()), dockerVersionCommand());
            assertNotEquals(0, run.exitStatus(), () -> "nodocker reached the engine with " + key + ": " + run);
            assertTrue(run.stderr().contains("permission denied"), () -> "with " + key + ": " + run);
        }
    }

    @Test
    void hostIsIdentifiedByItsFingerprintAndAnyOtherIsRefused() throws IOException {
        try (SSHClient client = new SSHClient()) {
            client.addHostKeyVerifier(ssh.hostFingerprint());
            client.connect(ssh.host(), ssh.port());
            client.authPublickey(ssh.user(), client.loadKeys(ssh.key().toString()));
            assertTrue(client.isAuthenticated());
        }
        try (SSHClient client = new SSHClient()) {
            client.addHostKeyVerifier("SHA256:" + "A".repeat(43));
            assertThrows(TransportException.class, () -> client.connect(ssh.host(), ssh.port()));
        }
    }

    private static String dockerVersionCommand() {
        return "docker -H unix://" + ssh.dockerSocket() + " version --format '{{.Server.Version}}'";
    }

    private interface Keys {
        KeyProvider load(SSHClient client) throws IOException;
    }

    /** What a command run over SSH did. */
    private record Run(int exitStatus, String stdout, String stderr) {
    }

    private static Run runAs(String user, Keys keys, String command) throws IOException {
        try (SSHClient client = new SSHClient()) {
            client.loadKnownHosts(ssh.knownHosts().toFile());
            client.connect(ssh.host(), ssh.port());
            client.authPublickey(user, keys.load(client));
            try (Session session = client.startSession()) {
                Session.Command run = session.exec(command);
                String stdout = IOUtils.readFully(run.getInputStream()).toString(StandardCharsets.UTF_8);
                String stderr = IOUtils.readFully(run.getErrorStream()).toString(StandardCharsets.UTF_8);
                run.join(30, TimeUnit.SECONDS);
                Integer status = run.getExitStatus();
                return new Run(status == null ? -1 : status, stdout, stderr);
            }
        }
    }
}
