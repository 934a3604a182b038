package io.github.swarmdeploy.it;

import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.SshConnectionException;
import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import io.github.swarmdeploy.core.engine.SshSettings;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @cert-authority} in known_hosts: a private OpenSSH server on its own loopback port (the sandbox's users and
 * keys, a host key of its own and a host certificate signed here by a CA made for the test) is trusted through its CA
 * alone, and without the CA's line it is refused, naming the CA and the line to add. The sandbox's sshd on 2222 is
 * left as it is.
 */
class HostCertificateIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    @TempDir
    static Path dir;

    private static SandboxSwarm.Ssh ssh;
    private static Process sshd;
    private static int port;
    private static String caPublicKey;

    @BeforeAll
    static void privateSshdWithAHostCertificate() throws Exception {
        ssh = SandboxSwarm.requireSsh();
        Path sshdBinary = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshdBinary) || !"root".equals(System.getProperty("user.name"))) {
            throw SandboxSwarm.unavailable("a private sshd needs /usr/sbin/sshd and root (scripts/swarm-sandbox up "
                    + "installs it; the tests run as root there)", null);
        }
        Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test CA", "-f", dir.resolve("ca").toString());
        Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        Processes.run("ssh-keygen", "-q", "-s", dir.resolve("ca").toString(), "-I", "swarm-deploy-it host", "-h",
                "-n", ssh.host(), "-V", "-5m:+1h", dir.resolve("host_key.pub").toString());
        caPublicKey = Files.readString(dir.resolve("ca.pub")).trim().split(" ")[1];
        port = SandboxSwarm.freePort();
        Path sandboxConfig = ssh.knownHosts().resolveSibling("sshd_config");
        String config = Files.readAllLines(sandboxConfig).stream()
                .filter(line -> !line.startsWith("Port ") && !line.startsWith("HostKey ") && !line.startsWith("PidFile "))
                .reduce("", (all, line) -> all + line + "\n")
                + "Port " + port + "\nHostKey " + dir.resolve("host_key") + "\nHostCertificate "
                + dir.resolve("host_key-cert.pub") + "\nPidFile " + dir.resolve("sshd.pid") + "\n";
        Files.writeString(dir.resolve("sshd_config"), config);
        sshd = new ProcessBuilder(sshdBinary.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        SandboxSwarm.await("the private sshd on port " + port, Duration.ofSeconds(20), HostCertificateIT::answers,
                answering -> answering || !sshd.isAlive());
        assertTrue(sshd.isAlive(), () -> "the private sshd did not start: " + read(dir.resolve("sshd.log")));
    }

    @AfterAll
    static void stopPrivateSshd() throws InterruptedException {
        if (sshd != null) {
            sshd.destroy();
            if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
                sshd.destroyForcibly();
            }
        }
    }

    @Test
    void aHostCertificateSignedByATrustedCaIsAcceptedWithoutTheHostsKey(@TempDir Path home) throws IOException {
        Path knownHosts = Files.writeString(home.resolve("known_hosts"),
                "@cert-authority [" + ssh.host() + "]:* ssh-ed25519 " + caPublicKey + "\n");

        try (EngineConnection engine = open(home, knownHosts)) {
            assertEquals(sandbox.docker().infoCmd().exec().getSwarm().getNodeID(),
                    engine.swarm().fetchInfo().swarm().nodeId(),
                    "the sandbox's engine answers over the SSH connection to the certified host");
        }
    }

    @Test
    void withoutTheCasLineTheHostIsRefusedNamingTheCaAndTheLineToAdd(@TempDir Path home) throws IOException {
        String otherCa = Files.readString(ssh.key().resolveSibling(ssh.key().getFileName() + ".pub")).trim().split(" ")[1];
        Path knownHosts = Files.writeString(home.resolve("known_hosts"),
                "@cert-authority [" + ssh.host() + "]:* ssh-ed25519 " + otherCa + "\n");

        SshConnectionException refused = assertThrows(SshConnectionException.class, () -> open(home, knownHosts));

        assertEquals(Reason.HOST_KEY_UNKNOWN, refused.reason());
        String caFingerprint = Processes.run("ssh-keygen", "-l", "-f", dir.resolve("ca.pub").toString()).split(" ")[1];
        assertTrue(refused.getMessage().startsWith("Host key verification failed: [" + ssh.host() + "]:" + port
                + " presented a ssh-ed25519-cert-v01@openssh.com host certificate signed by the CA ssh-ed25519 key "
                + caFingerprint + ", which no @cert-authority line for this host trusts"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("\n@cert-authority [" + ssh.host() + "]:" + port + " ssh-ed25519 "
                + caPublicKey), refused.getMessage());
    }

    private static EngineConnection open(Path home, Path knownHosts) {
        Map<String, String> env = Map.of("HOME", home.toString(), "USER", "nobody-in-particular");
        EngineSettings settings = EngineSettings.forHost("ssh://" + ssh.user() + "@" + ssh.host() + ":" + port, env)
                .withSsh(SshSettings.builder(env).keyFile(ssh.key()).knownHosts(knownHosts).build());
        return EngineConnection.open(settings, EventListener.IGNORE);
    }

    private static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ssh.host(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
