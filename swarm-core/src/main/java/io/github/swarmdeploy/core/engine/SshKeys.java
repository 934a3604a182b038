package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the configured private keys into sshj key providers, decrypting them now, so that a missing file,
 * an unreadable format or a wrong passphrase is reported before any connection, naming the key.
 */
final class SshKeys {

    private static final String OPENSSH_MAGIC = "openssh-key-v1\0";

    /** A key ready to offer, with what the user calls it and its public fingerprint (for messages). */
    record LoadedKey(String description, KeyProvider provider, String type, String fingerprint) {

        /** e.g. {@code key file /home/ci/.ssh/id_ed25519 (ssh-ed25519 SHA256:…)}. */
        String describe() {
            return description + " (" + type + " " + fingerprint + ")";
        }
    }

    private SshKeys() {
    }

    /** Every usable key of the settings; at least one, or an exception saying what to configure. */
    static List<LoadedKey> load(SshSettings settings, Config config) {
        List<LoadedKey> loaded = new ArrayList<>();
        for (SshSettings.KeySource source : settings.keys()) {
            if (source.file().isPresent() && !Files.isRegularFile(source.file().get())) {
                if (settings.usesDefaultKeys()) {
                    continue;
                }
                throw new SshConnectionException(Reason.KEY_UNUSABLE, "SSH " + source.description()
                        + " does not exist (" + Option.SSH_KEY_FILE + ")");
            }
            loaded.add(load(source, settings.passphrase(), config));
        }
        if (loaded.isEmpty()) {
            throw new SshConnectionException(Reason.KEY_UNUSABLE, "no SSH private key to log in with: set "
                    + Option.SSH_KEY_FILE + ", or put the key itself into the environment variable "
                    + settings.unsetKeyEnvironmentVariable().orElse(SshSettings.DEFAULT_KEY_ENV)
                    + " (" + Option.SSH_KEY_ENV + "), or create one of " + settings.keys().stream()
                            .flatMap(source -> source.file().stream()).map(Path::toString)
                            .collect(Collectors.joining(", ")));
        }
        return loaded;
    }

    static LoadedKey load(SshSettings.KeySource source, Optional<String> passphrase, Config config) {
        String text = read(source);
        boolean encrypted = isEncrypted(text);
        try {
            KeyFormat format = KeyProviderUtil.detectKeyFileFormat(text, false);
            FileKeyProvider provider = format == KeyFormat.Unknown ? null
                    : Factory.Named.Util.create(config.getFileKeyProviderFactories(), format.toString());
            if (provider == null) {
                throw new SshConnectionException(Reason.KEY_UNUSABLE, "SSH " + source.description()
                        + " is not a private key in OpenSSH or PEM format (it should start with -----BEGIN)");
            }
            provider.init(text, null, passphrase.map(SshKeys::finder).orElse(null));
            provider.getPrivate();
            PublicKey publicKey = provider.getPublic();
            return new LoadedKey(source.description(), provider, KeyType.fromKey(publicKey).toString(),
                    fingerprint(publicKey));
        } catch (IOException | RuntimeException e) {
            if (e instanceof SshConnectionException known) {
                throw known;
            }
            if (encrypted && passphrase.isEmpty()) {
                throw new SshConnectionException(Reason.KEY_UNUSABLE, "SSH " + source.description()
                        + " is encrypted: give its passphrase (" + Option.SSH_PASSPHRASE + ")", e);
            }
            if (encrypted) {
                throw new SshConnectionException(Reason.KEY_UNUSABLE, "cannot decrypt SSH " + source.description()
                        + " with the passphrase given (" + Option.SSH_PASSPHRASE + "): "
                        + "wrong passphrase?", e);
            }
            throw new SshConnectionException(Reason.KEY_UNUSABLE, "cannot read SSH " + source.description() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The SSH wire encoding of a public key, as known_hosts lines and fingerprints use it. */
    static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /**
     * OpenSSH's SHA256 fingerprint of a public key ({@code SHA256:} and the unpadded base64 of the SHA-256 of its wire
     * form), as {@code ssh-keygen -lf} and {@code ssh} print it.
     */
    static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    /**
     * The key text: the file's, or the variable's with CR characters stripped (keys pasted into CI variables
     * on Windows carry them); a variable holding the path of a file (GitLab "file" variables) is read.
     */
    static String read(SshSettings.KeySource source) {
        String text;
        if (source.file().isPresent()) {
            text = readFile(source.file().get(), source);
        } else {
            text = source.content().orElseThrow();
            Optional<Path> file = text.contains("-----BEGIN") ? Optional.empty() : FileVariable.file(text);
            if (file.isPresent()) {
                text = readFile(file.get(), source);
            }
        }
        text = text.replace("\r", "").strip();
        return text + "\n";
    }

    /** Whether a PEM or OpenSSH private key is protected by a passphrase. */
    static boolean isEncrypted(String text) {
        if (text.contains("ENCRYPTED")) {
            return true; // PEM: "Proc-Type: 4,ENCRYPTED" or PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY"
        }
        int begin = text.indexOf("-----BEGIN OPENSSH PRIVATE KEY-----");
        int end = text.indexOf("-----END OPENSSH PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            return false;
        }
        String body = text.substring(begin + "-----BEGIN OPENSSH PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        try {
            byte[] bytes = Base64.getDecoder().decode(body);
            int at = OPENSSH_MAGIC.length();
            if (bytes.length < at + 4 || !new String(bytes, 0, at, StandardCharsets.US_ASCII).equals(OPENSSH_MAGIC)) {
                return false;
            }
            int length = ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                    | (bytes[at + 3] & 0xff);
            if (length < 0 || length > bytes.length - at - 4) {
                return false;
            }
            return !new String(bytes, at + 4, length, StandardCharsets.US_ASCII).equals("none");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String readFile(Path file, SshSettings.KeySource source) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SshConnectionException(Reason.KEY_UNUSABLE, "cannot read SSH " + source.description() + ": "
                    + e.getMessage(), e);
        }
    }

    private static PasswordFinder finder(String passphrase) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return passphrase.toCharArray();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }
}
