package io.github.swarmdeploy.core.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSettingsTest {

    @Test
    void hostIsExplicitElseDockerHostElseTheLocalSocket() {
        assertEquals("tcp://10.0.0.1:2376",
                EngineSettings.forHost("tcp://10.0.0.1:2376", Map.of("DOCKER_HOST", "unix:///other.sock")).describeHost());
        assertEquals("unix:///other.sock", EngineSettings.forHost(" ", Map.of("DOCKER_HOST", "unix:///other.sock")).describeHost());
        assertEquals("unix:///var/run/docker.sock", EngineSettings.fromEnvironment(Map.of()).describeHost());
    }

    @Test
    void malformedOrUnsupportedHostsAreRefusedSayingWhatIsExpected() {
        EngineConfigurationException http = assertThrows(EngineConfigurationException.class,
                () -> EngineSettings.forHost("http://manager:2375", Map.of()));
        assertEquals("unsupported engine host http://manager:2375: expected unix:///path/to/docker.sock, "
                + "tcp://host:port or ssh://user@host[:port]", http.getMessage());
        assertThrows(EngineConfigurationException.class, () -> EngineSettings.forHost("manager:2375", Map.of()));
        assertThrows(EngineConfigurationException.class, () -> EngineSettings.forHost("ssh:///path-only", Map.of()));
    }

    @Test
    void tlsFollowsTheDockerCliEnvironment() {
        EngineSettings off = EngineSettings.forHost("tcp://m:2376", Map.of("DOCKER_TLS_VERIFY", "0"));
        assertFalse(off.usesTls());
        EngineSettings on = EngineSettings.forHost("tcp://m:2376", Map.of("DOCKER_TLS_VERIFY", "1", "HOME", "/home/ci"));
        assertTrue(on.usesTls());
        assertEquals(Optional.of(Paths.get("/home/ci/.docker/ca.pem")), on.tls().caCertFile());
        EngineSettings certPath = EngineSettings.forHost("tcp://m:2376",
                Map.of("DOCKER_TLS_VERIFY", "true", "DOCKER_CERT_PATH", "/certs"));
        assertEquals(Optional.of(Paths.get("/certs/key.pem")), certPath.tls().keyFile());
        assertEquals(Optional.of(Paths.get("/certs")), certPath.certPath());
        // TLS settings only matter for tcp hosts
        assertFalse(EngineSettings.forHost("unix:///var/run/docker.sock", Map.of("DOCKER_TLS_VERIFY", "1")).usesTls());
    }

    @Test
    void explicitTlsParametersWinAndNamingAFileSwitchesTlsOn() {
        TlsSettings fromEnv = TlsSettings.fromEnvironment(Map.of("DOCKER_CERT_PATH", "/certs"));
        assertFalse(fromEnv.verify());
        TlsSettings files = fromEnv.with(null, null, Path.of("/pki/ca.crt"), null, null);
        assertTrue(files.verify());
        assertEquals(Optional.of(Path.of("/pki/ca.crt")), files.caCertFile());
        assertEquals(Optional.of(Path.of("/certs/cert.pem")), files.certFile());
        assertFalse(files.with(false, null, null, null, null).verify());
        assertTrue(TlsSettings.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "1")).with(null, null, null, null, null).verify());
    }

    @Test
    void missingCertificateIsNamedInsteadOfFallingBackToPlainHttp() {
        TlsSettings tls = TlsSettings.NONE.with(true, Path.of("/no/such/dir"), null, null, null);
        EngineConfigurationException e = assertThrows(EngineConfigurationException.class, () -> PemSslConfig.load(tls));
        assertEquals("TLS is on but the CA certificate /no/such/dir/ca.pem does not exist: set TlsSettings.caCert or "
                + "TlsSettings.certPath (DOCKER_CERT_PATH), or switch TLS off with TlsSettings.verify=false", e.getMessage());
    }

    @Test
    void firstFormOfTheSettingsStillWorks() {
        EngineSettings settings = new EngineSettings(java.net.URI.create("tcp://m:2376"), true,
                Optional.of(Path.of("/certs")), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(9));
        assertTrue(settings.tlsVerify());
        assertEquals(Optional.of(Path.of("/certs/cert.pem")), settings.tls().certFile());
        assertTrue(settings.withTls(false, null).tls().caCertFile().isEmpty());
    }

    @Test
    void sshSettingsComeFromTheEnvironmentWithStrictDefaults() {
        Map<String, String> env = Map.of("HOME", "/home/ci", "USER", "ci",
                "SSH_PRIVATE_KEY", "-----BEGIN OPENSSH PRIVATE KEY-----\r\nsecret\r\n-----END OPENSSH PRIVATE KEY-----",
                "SSH_KNOWN_HOSTS", "[m]:2222 ssh-ed25519 AAAA");
        SshSettings ssh = EngineSettings.forHost("ssh://deploy@m:2222", env).ssh();
        assertTrue(ssh.isStrictHostKeyChecking());
        assertEquals(Paths.get("/home/ci/.ssh/known_hosts"), ssh.knownHostsFile());
        assertFalse(ssh.isKnownHostsFileExplicit());
        assertEquals(Optional.of("[m]:2222 ssh-ed25519 AAAA"), ssh.knownHostsContent());
        assertEquals(List.of("the key in environment variable SSH_PRIVATE_KEY"),
                ssh.keys().stream().map(SshSettings.KeySource::description).toList());
        assertEquals("ci", ssh.defaultUser());
        assertFalse(ssh.toString().contains("secret"), ssh.toString());
        assertEquals(SshSettings.DEFAULT_KEEP_ALIVE, ssh.keepAliveInterval());
    }

    @Test
    void keyFileWinsOverTheVariableAndAMissingVariableFallsBackToSshDirectory() {
        Map<String, String> env = Map.of("HOME", "/home/ci", "SSH_PRIVATE_KEY", "key text", "DEPLOY_KEY", "other");
        assertEquals(List.of("key file /keys/id"), descriptions(SshSettings.builder(env).keyFile("/keys/id").build()));
        assertEquals(List.of("the key in environment variable DEPLOY_KEY"),
                descriptions(SshSettings.builder(env).keyEnv("DEPLOY_KEY").build()));
        SshSettings fallback = SshSettings.builder(env).keyEnv("UNSET_KEY").passphrase("pw").build();
        assertEquals(List.of("key file /home/ci/.ssh/id_ed25519", "key file /home/ci/.ssh/id_ecdsa",
                "key file /home/ci/.ssh/id_rsa"), descriptions(fallback));
        assertTrue(fallback.usesDefaultKeys());
        assertEquals(Optional.of("UNSET_KEY"), fallback.unsetKeyEnvironmentVariable());
        assertTrue(fallback.toString().contains("passphrase=***") && !fallback.toString().contains("pw,"),
                fallback.toString());
    }

    @Test
    void hostKeyOptionsAreTakenAsGiven() {
        String pin = SshKeysTest.expectedFingerprint("ed25519_openssh");
        SshSettings ssh = SshSettings.builder(Map.of("HOME", "/h")).knownHosts(Path.of("/etc/ssh/ssh_known_hosts"))
                .hostKeyFingerprint(pin).strictHostKeyChecking(false).build();
        assertEquals(Path.of("/etc/ssh/ssh_known_hosts"), ssh.knownHostsFile());
        assertTrue(ssh.isKnownHostsFileExplicit());
        assertEquals(List.of(pin), ssh.hostKeyFingerprints());
        assertFalse(ssh.isStrictHostKeyChecking());
        assertTrue(SshSettings.builder(Map.of()).strictHostKeyChecking(null).build().isStrictHostKeyChecking());
        assertThrows(EngineConfigurationException.class,
                () -> SshSettings.builder(Map.of()).keepAlive(java.time.Duration.ZERO));
    }

    private static List<String> descriptions(SshSettings ssh) {
        return ssh.keys().stream().map(SshSettings.KeySource::description).toList();
    }
}
