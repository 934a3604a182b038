package io.github.swarmdeploy.core.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostKeyFingerprintTest {

    @Test
    void fingerprintIsWhatSshKeygenPrints() {
        for (String name : List.of("ed25519_openssh", "ecdsa_openssh", "rsa_openssh", "ecdsa_pem")) {
            assertEquals(SshKeysTest.expectedFingerprint(name),
                    HostKeyFingerprint.of(KnownHostsTest.blob(KnownHostsTest.publicKey(name))), name);
        }
    }

    @Test
    void pinsAreNormalisedAndSeveralMayBeGiven() {
        String a = SshKeysTest.expectedFingerprint("ed25519_openssh");
        String b = SshKeysTest.expectedFingerprint("rsa_openssh");
        assertEquals(List.of(a, b), HostKeyFingerprint.parsePins(" sha256:" + a.substring(7) + "=, " + b, "p"));
        assertEquals(List.of(), HostKeyFingerprint.parsePins("  ", "p"));
    }

    @Test
    void anythingButASha256FingerprintIsRefusedNamingTheParameter() {
        EngineConfigurationException md5 = assertThrows(EngineConfigurationException.class,
                () -> HostKeyFingerprint.parsePins("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", "swarm.ssh.hostKeyFingerprint"));
        assertTrue(md5.getMessage().startsWith("swarm.ssh.hostKeyFingerprint: 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48'"
                + " is not a SHA256 host key fingerprint"), md5.getMessage());
        EngineConfigurationException shortOne = assertThrows(EngineConfigurationException.class,
                () -> HostKeyFingerprint.parsePins("SHA256:abc", "swarm.ssh.hostKeyFingerprint"));
        assertEquals("swarm.ssh.hostKeyFingerprint: 'SHA256:abc' is not a SHA256 fingerprint (expected 43 base64 "
                + "characters after SHA256:)", shortOne.getMessage());
    }
}
