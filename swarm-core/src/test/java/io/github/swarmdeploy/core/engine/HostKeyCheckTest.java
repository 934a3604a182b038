package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.engine.KnownHostsTest.publicKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostKeyCheckTest {

    private static final String[] SERVER = publicKey("ed25519_openssh");
    private static final String[] OTHER = publicKey("ed25519_openssh_encrypted");
    private static final String SERVER_FP = SshKeysTest.expectedFingerprint("ed25519_openssh");

    private final List<Event> events = new ArrayList<>();

    @TempDir
    Path home;

    @Test
    void unknownHostMessageCarriesFingerprintLineAndPin() {
        SshConnectionException e = judge(check(SshSettings.builder(env()).build()), "10.1.2.3", 2222, SERVER).orElseThrow();
        assertEquals(Reason.HOST_KEY_UNKNOWN, e.reason());
        assertEquals("Host key verification failed: [10.1.2.3]:2222 is not a known host (looked in " + home
                + "/.ssh/known_hosts (missing)). It presented the ssh-ed25519 key " + SERVER_FP + ". If that is the "
                + "server's key (check on the server with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), trust it "
                + "by adding this line to " + home + "/.ssh/known_hosts (or to $SSH_KNOWN_HOSTS):\n"
                + "[10.1.2.3]:2222 ssh-ed25519 " + SERVER[1] + "\n"
                + "or pin it with SshSettings.hostKeyFingerprint=" + SERVER_FP, e.getMessage());
    }

    @Test
    void knownHostsFileAndVariableBothCount() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/known_hosts"), "manager " + SERVER[0] + " " + SERVER[1] + "\n");
        HostKeyCheck fileOnly = check(SshSettings.builder(env()).build());
        assertEquals(Optional.empty(), judge(fileOnly, "manager", 22, SERVER));
        SshConnectionException changed = judge(fileOnly, "manager", 22, OTHER).orElseThrow();
        assertEquals(Reason.HOST_KEY_CHANGED, changed.reason());
        assertTrue(changed.getMessage().contains(home + "/.ssh/known_hosts:1 expects " + SERVER_FP), changed.getMessage());

        Map<String, String> env = env();
        env.put("SSH_KNOWN_HOSTS", "[other]:2200 " + OTHER[0] + " " + OTHER[1]);
        HostKeyCheck both = check(SshSettings.builder(env).build());
        assertEquals(Optional.empty(), judge(both, "manager", 22, SERVER));
        assertEquals(Optional.empty(), judge(both, "other", 2200, OTHER));
        assertEquals(List.of("ssh-ed25519"), both.findExistingAlgorithms("other", 2200));
    }

    @Test
    void aKnownHostsVariableHoldingAPathIsReadLikeAGitLabFileVariable() throws IOException {
        // GitLab gives a File variable to the job as the path of a temporary file with the content
        Path variableFile = home.resolve("SSH_KNOWN_HOSTS");
        Files.writeString(variableFile, "[manager]:2222 " + SERVER[0] + " " + SERVER[1] + "\n");
        Map<String, String> env = env();
        env.put("SSH_KNOWN_HOSTS", variableFile.toString());

        HostKeyCheck check = check(SshSettings.builder(env).build());

        assertEquals(Optional.empty(), judge(check, "manager", 2222, SERVER));
        SshConnectionException changed = judge(check, "manager", 2222, OTHER).orElseThrow();
        assertEquals(Reason.HOST_KEY_CHANGED, changed.reason());
        assertTrue(changed.getMessage().contains("$SSH_KNOWN_HOSTS (file " + variableFile + "):1 expects " + SERVER_FP),
                changed.getMessage());
    }

    @Test
    void pinsAloneDecide() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/known_hosts"), "manager " + OTHER[0] + " " + OTHER[1] + "\n");
        HostKeyCheck pinned = check(SshSettings.builder(env()).hostKeyFingerprint(SERVER_FP).build());
        assertEquals(Optional.empty(), judge(pinned, "manager", 22, SERVER));
        assertEquals(Reason.HOST_KEY_NOT_PINNED, judge(pinned, "manager", 22, OTHER).orElseThrow().reason());
        assertEquals(List.of(), pinned.findExistingAlgorithms("manager", 22));
    }

    @Test
    void rsaHostsAskForTheRsaSignatureAlgorithms() {
        Map<String, String> env = env();
        String[] rsa = publicKey("rsa_openssh");
        env.put("SSH_KNOWN_HOSTS", "manager " + rsa[0] + " " + rsa[1]);
        assertEquals(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"),
                check(SshSettings.builder(env).build()).findExistingAlgorithms("manager", 22));
    }

    @Test
    void explicitKnownHostsFileMustExist() {
        EngineConfigurationException e = assertThrows(EngineConfigurationException.class,
                () -> HostKeyCheck.load(SshSettings.builder(env()).knownHosts(home.resolve("nope")).build(), events::add));
        assertEquals("SshSettings.knownHosts: the file " + home.resolve("nope") + " does not exist", e.getMessage());
    }

    private static Optional<SshConnectionException> judge(HostKeyCheck check, String host, int port, String[] key) {
        return check.judge(host, port, KnownHostsTest.key(key));
    }

    private HostKeyCheck check(SshSettings settings) {
        return HostKeyCheck.load(settings, events::add);
    }

    private Map<String, String> env() {
        return new java.util.HashMap<>(Map.of("HOME", home.toString()));
    }
}
