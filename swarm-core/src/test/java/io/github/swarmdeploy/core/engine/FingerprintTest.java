package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenSSH's SHA256 fingerprints: of keys (SshKeys), and pinned ones (SshSettings.hostKeyFingerprint). */
class FingerprintTest {

    @Test
    void fingerprintIsWhatSshKeygenPrints() {
        for (String name : List.of("ed25519_openssh", "ecdsa_openssh", "rsa_openssh", "ecdsa_pem")) {
            assertEquals(SshKeysTest.expectedFingerprint(name), SshKeys.fingerprint(KnownHostsTest.key(KnownHostsTest.publicKey(name))),
                    name);
        }
    }

    @Test
    void pinsAreNormalisedAndSeveralMayBeGiven() {
        String a = SshKeysTest.expectedFingerprint("ed25519_openssh");
        String b = SshKeysTest.expectedFingerprint("rsa_openssh");
        assertEquals(List.of(a, b), pins(" sha256:" + a.substring(7) + "=, " + b));
        assertEquals(List.of(), pins("  "));
    }

    @Test
    void anythingButASha256FingerprintIsRefusedNamingTheParameter() {
        InvalidOptionException md5 = assertThrows(InvalidOptionException.class,
                () -> pins("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"));
        assertEquals(Option.SSH_HOST_KEY_FINGERPRINT, md5.option());
        assertEquals("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", md5.value());
        assertTrue(md5.getMessage().startsWith("SshSettings.hostKeyFingerprint: 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48'"
                + " is not a SHA256 host key fingerprint"), md5.getMessage());
        InvalidOptionException shortOne = assertThrows(InvalidOptionException.class, () -> pins("SHA256:abc"));
        assertEquals("SshSettings.hostKeyFingerprint: 'SHA256:abc' is not a SHA256 fingerprint (expected 43 base64 "
                + "characters after SHA256:)", shortOne.getMessage());
    }

    private static List<String> pins(String value) {
        return SshSettings.builder(java.util.Map.of("HOME", "/nowhere")).hostKeyFingerprint(value).build().hostKeyFingerprints();
    }
}
