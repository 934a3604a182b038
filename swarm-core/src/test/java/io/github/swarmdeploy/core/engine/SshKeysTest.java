package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import net.schmizz.sshj.DefaultConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.swarmdeploy.core.engine.KnownHostsTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshKeysTest {

    private static final DefaultConfig CONFIG = new DefaultConfig();

    /** Every format and type: the public key sshj derives has the fingerprint ssh-keygen printed for the .pub. */
    @ParameterizedTest
    @CsvSource({
            "ed25519_openssh, ssh-ed25519",
            "ecdsa_openssh, ecdsa-sha2-nistp256",
            "rsa_openssh, ssh-rsa",
            "rsa_pem, ssh-rsa",
            "ecdsa_pem, ecdsa-sha2-nistp384",
            "rsa_pkcs8, ssh-rsa",
    })
    void readsOpenSshAndPemKeysOfEveryType(String name, String type) {
        SshKeys.LoadedKey key = SshKeys.load(SshSettings.KeySource.content(resource("keys/" + name), "test " + name),
                Optional.empty(), CONFIG);
        assertEquals(type, key.type());
        assertEquals(expectedFingerprint(name), key.fingerprint());
        assertEquals("test " + name + " (" + type + " " + expectedFingerprint(name) + ")", key.describe());
    }

    @ParameterizedTest
    @CsvSource({"ed25519_openssh_encrypted", "rsa_pem_encrypted"})
    void decryptsEncryptedKeysWithThePassphrase(String name) {
        SshKeys.LoadedKey key = SshKeys.load(SshSettings.KeySource.content(resource("keys/" + name), name),
                Optional.of("correct horse"), CONFIG);
        assertEquals(expectedFingerprint(name), key.fingerprint());
    }

    @ParameterizedTest
    @CsvSource({"ed25519_openssh_encrypted", "rsa_pem_encrypted"})
    void encryptedKeyWithoutPassphraseSaysHowToGiveIt(String name) {
        SshConnectionException e = assertThrows(SshConnectionException.class, () -> SshKeys.load(
                SshSettings.KeySource.content(resource("keys/" + name), "key file /keys/" + name), Optional.empty(), CONFIG));
        assertEquals(Reason.KEY_UNUSABLE, e.reason());
        assertEquals("SSH key file /keys/" + name + " is encrypted: give its passphrase (SshSettings.passphrase)",
                e.getMessage());
        assertEquals(List.of(Option.SSH_PASSPHRASE), Option.mentionedIn(e.getMessage()));
    }

    @ParameterizedTest
    @CsvSource({"ed25519_openssh_encrypted", "rsa_pem_encrypted"})
    void wrongPassphraseIsNamedAsSuch(String name) {
        SshConnectionException e = assertThrows(SshConnectionException.class, () -> SshKeys.load(
                SshSettings.KeySource.content(resource("keys/" + name), "key file k"), Optional.of("wrong"), CONFIG));
        assertEquals(Reason.KEY_UNUSABLE, e.reason());
        assertTrue(e.getMessage().startsWith("cannot decrypt SSH key file k with the passphrase given"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong\""), "the passphrase itself is never shown");
    }

    @Test
    void detectsEncryptionOfBothFormats() {
        assertTrue(SshKeys.isEncrypted(resource("keys/ed25519_openssh_encrypted")));
        assertTrue(SshKeys.isEncrypted(resource("keys/rsa_pem_encrypted")));
        assertFalse(SshKeys.isEncrypted(resource("keys/ed25519_openssh")));
        assertFalse(SshKeys.isEncrypted(resource("keys/rsa_pem")));
    }

    @Test
    void keyPastedWithWindowsLineEndingsAndWithoutFinalNewlineStillWorks() {
        String pasted = resource("keys/ed25519_openssh").strip().replace("\n", "\r\n");
        SshKeys.LoadedKey key = SshKeys.load(SshSettings.KeySource.content(pasted, "env"), Optional.empty(), CONFIG);
        assertEquals(expectedFingerprint("ed25519_openssh"), key.fingerprint());
    }

    @Test
    void variableHoldingAPathIsReadAsGitLabFileVariables(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("key"), resource("keys/ecdsa_openssh"));
        SshKeys.LoadedKey key = SshKeys.load(SshSettings.KeySource.content(file + "\n", "env"), Optional.empty(), CONFIG);
        assertEquals(expectedFingerprint("ecdsa_openssh"), key.fingerprint());
    }

    @Test
    void somethingThatIsNoKeyIsRefusedWithItsSource() {
        SshConnectionException e = assertThrows(SshConnectionException.class, () -> SshKeys.load(
                SshSettings.KeySource.content("ssh-ed25519 AAAA this is a public key", "the key in environment variable K"),
                Optional.empty(), CONFIG));
        assertEquals("SSH the key in environment variable K is not a private key in OpenSSH or PEM format (it should "
                + "start with -----BEGIN)", e.getMessage());
    }

    @Test
    void explicitKeyFileMustExistButMissingDefaultsAreSkipped(@TempDir Path home) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
        SshSettings explicit = SshSettings.builder(env).keyFile(home.resolve("nope")).build();
        SshConnectionException missing = assertThrows(SshConnectionException.class, () -> SshKeys.load(explicit, CONFIG));
        assertEquals("SSH key file " + home.resolve("nope") + " does not exist (SshSettings.keyFile)", missing.getMessage());

        SshConnectionException none = assertThrows(SshConnectionException.class,
                () -> SshKeys.load(SshSettings.fromEnvironment(env), CONFIG));
        Path ssh = home.resolve(".ssh");
        assertEquals("no SSH private key to log in with: set SshSettings.keyFile, or put the key itself into the "
                + "environment variable SSH_PRIVATE_KEY (SshSettings.keyEnv), or create one of " + ssh.resolve("id_ed25519")
                + ", " + ssh.resolve("id_ecdsa") + ", " + ssh.resolve("id_rsa"), none.getMessage());

        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_rsa"), resource("keys/rsa_openssh"));
        List<SshKeys.LoadedKey> keys = SshKeys.load(SshSettings.fromEnvironment(env), CONFIG);
        assertEquals(List.of(expectedFingerprint("rsa_openssh")), keys.stream().map(SshKeys.LoadedKey::fingerprint).toList());
    }

    static String expectedFingerprint(String name) {
        return resource("keys/fingerprints.txt").lines()
                .filter(line -> line.startsWith(name + " "))
                .map(line -> line.substring(name.length() + 1))
                .findFirst().orElseThrow();
    }
}
