package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an {@code ssh://user@host[:port]} engine: which private key to authenticate with, which host
 * keys to trust, and how to keep the connection alive. Immutable; built from explicit values with the process
 * environment passed in (never read behind the caller's back), so every lookup is testable.
 *
 * <p>Keys, first that applies: {@code keyFile}; else the key <em>content</em> of the environment variable
 * {@code keyEnv} (default {@value #DEFAULT_KEY_ENV}; CR characters stripped; a variable holding the path of a
 * file, as GitLab's file variables do, works too); else {@code ~/.ssh/id_ed25519}, {@code id_ecdsa},
 * {@code id_rsa} that exist. OpenSSH and PEM formats, ed25519, ecdsa and rsa keys.
 *
 * <p>Host keys are verified unless {@code strictHostKeyChecking} is explicitly false: against pinned
 * fingerprints when given, else against the known_hosts file (default {@code ~/.ssh/known_hosts}) plus the
 * known_hosts content of {@value #KNOWN_HOSTS_ENV} (the lines, or the path of a file with them, as a GitLab File
 * variable gives it).
 *
 * <p>{@link #toString()} never shows key content or passphrase.
 */
public final class SshSettings {

    public static final String DEFAULT_KEY_ENV = "SSH_PRIVATE_KEY";
    public static final String KNOWN_HOSTS_ENV = "SSH_KNOWN_HOSTS";
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    /** Keep-alives that may go unanswered before the connection counts as lost. */
    public static final int KEEP_ALIVE_MAX_MISSED = 4;

    /** Where a private key comes from: a file, or text (never shown). */
    record KeySource(String description, Optional<Path> file, Optional<String> content) {

        static KeySource file(Path file, String description) {
            return new KeySource(description, Optional.of(file), Optional.empty());
        }

        static KeySource content(String content, String description) {
            return new KeySource(description, Optional.empty(), Optional.of(content));
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final List<KeySource> keys;
    private final boolean defaultKeys;
    private final Optional<String> unsetKeyEnv;
    private final Optional<String> passphrase;
    private final Path knownHostsFile;
    private final boolean knownHostsFileExplicit;
    private final Optional<String> knownHostsContent;
    private final List<String> hostKeyFingerprints;
    private final boolean strictHostKeyChecking;
    private final String defaultUser;
    private final Duration keepAliveInterval;

    private SshSettings(Builder builder) {
        Path home = EngineSettings.homeDirectory(builder.environment);
        String keyEnv = TlsSettings.nonBlank(builder.keyEnv).orElse(DEFAULT_KEY_ENV);
        Optional<String> keyFromEnv = TlsSettings.nonBlank(builder.environment.get(keyEnv));
        if (builder.keyFile != null) {
            this.keys = List.of(KeySource.file(builder.keyFile, "key file " + builder.keyFile));
            this.defaultKeys = false;
        } else if (keyFromEnv.isPresent()) {
            this.keys = List.of(KeySource.content(keyFromEnv.get(), "the key in environment variable " + keyEnv));
            this.defaultKeys = false;
        } else {
            Path ssh = home.resolve(".ssh");
            this.keys = List.of(
                    KeySource.file(ssh.resolve("id_ed25519"), "key file " + ssh.resolve("id_ed25519")),
                    KeySource.file(ssh.resolve("id_ecdsa"), "key file " + ssh.resolve("id_ecdsa")),
                    KeySource.file(ssh.resolve("id_rsa"), "key file " + ssh.resolve("id_rsa")));
            this.defaultKeys = true;
        }
        this.unsetKeyEnv = builder.keyFile == null && keyFromEnv.isEmpty() ? Optional.of(keyEnv) : Optional.empty();
        this.passphrase = TlsSettings.nonBlank(builder.passphrase);
        this.knownHostsFileExplicit = builder.knownHosts != null;
        this.knownHostsFile = builder.knownHosts != null ? builder.knownHosts
                : home.resolve(".ssh").resolve("known_hosts");
        this.knownHostsContent = TlsSettings.nonBlank(builder.environment.get(KNOWN_HOSTS_ENV));
        this.hostKeyFingerprints = List.copyOf(
                parsePins(builder.hostKeyFingerprint));
        this.strictHostKeyChecking = builder.strictHostKeyChecking == null || builder.strictHostKeyChecking;
        this.defaultUser = TlsSettings.nonBlank(builder.environment.get("USER"))
                .or(() -> TlsSettings.nonBlank(builder.environment.get("USERNAME")))
                .orElse(System.getProperty("user.name"));
        this.keepAliveInterval = builder.keepAliveInterval;
    }

    /** Settings from the environment alone: its key variable, {@code ~/.ssh}, strict host keys. */
    public static SshSettings fromEnvironment(Map<String, String> environment) {
        return builder(environment).build();
    }

    public static Builder builder(Map<String, String> environment) {
        return new Builder(environment);
    }

    /** The private keys to offer, in order; default key files may not exist. */
    List<KeySource> keys() {
        return keys;
    }

    /** True when no key was configured and the {@code ~/.ssh/id_*} files are used. */
    public boolean usesDefaultKeys() {
        return defaultKeys;
    }

    /** The key variable that was consulted but not set, when the keys fell back to files. */
    public Optional<String> unsetKeyEnvironmentVariable() {
        return unsetKeyEnv;
    }

    /** The passphrase of an encrypted private key; package-private so that it is not passed around. */
    Optional<String> passphrase() {
        return passphrase;
    }

    public Path knownHostsFile() {
        return knownHostsFile;
    }

    /** True when the known_hosts file was named explicitly (then it must exist). */
    public boolean isKnownHostsFileExplicit() {
        return knownHostsFileExplicit;
    }

    /** known_hosts lines from {@value #KNOWN_HOSTS_ENV}, trusted in addition to the file's. */
    public Optional<String> knownHostsContent() {
        return knownHostsContent;
    }

    /** Pinned {@code SHA256:…} host key fingerprints; when present they alone decide. */
    public List<String> hostKeyFingerprints() {
        return hostKeyFingerprints;
    }

    public boolean isStrictHostKeyChecking() {
        return strictHostKeyChecking;
    }

    /** The user to log in as when the host names none (as ssh does: the local user). */
    public String defaultUser() {
        return defaultUser;
    }

    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    private static final String PREFIX = "SHA256:";

    /**
     * The pinned fingerprints ({@link Builder#hostKeyFingerprint}): one or more {@code SHA256:…} values
     * separated by commas or blanks, with or without base64 padding, normalised to the form {@link SshKeys#fingerprint}
     * returns; anything else is refused with what to write instead.
     */
    private static List<String> parsePins(String value) {
        List<String> pins = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return pins;
        }
        for (String token : value.trim().split("[,\\s]+")) {
            if (!token.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                throw InvalidOptionException.of(Option.SSH_HOST_KEY_FINGERPRINT, token, "is not a SHA256 host key "
                        + "fingerprint; write it as ssh-keygen -lf prints it, e.g. SHA256:"
                        + "uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
            }
            String base64 = token.substring(PREFIX.length()).replaceAll("=+$", "");
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(padded(base64));
            } catch (IllegalArgumentException e) {
                digest = new byte[0];
            }
            if (digest.length != 32) {
                throw InvalidOptionException.of(Option.SSH_HOST_KEY_FINGERPRINT, token,
                        "is not a SHA256 fingerprint (expected 43 base64 characters after SHA256:)");
            }
            pins.add(PREFIX + base64);
        }
        return pins;
    }

    private static String padded(String base64) {
        int remainder = base64.length() % 4;
        return remainder == 0 ? base64 : base64 + "=".repeat(4 - remainder);
    }

    @Override
    public String toString() {
        return "SshSettings[keys=" + keys + ", passphrase=" + (passphrase.isPresent() ? "***" : "none")
                + ", knownHosts=" + knownHostsFile + (knownHostsContent.isPresent() ? " + " + KNOWN_HOSTS_ENV : "")
                + ", hostKeyFingerprints=" + hostKeyFingerprints + ", strictHostKeyChecking=" + strictHostKeyChecking
                + ", keepAlive=" + keepAliveInterval + "]";
    }

    /** Explicit values; null (or blank) everywhere means "the default". */
    public static final class Builder {

        private final Map<String, String> environment;
        private Path keyFile;
        private String keyEnv;
        private String passphrase;
        private Path knownHosts;
        private String hostKeyFingerprint;
        private Boolean strictHostKeyChecking;
        private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE;

        private Builder(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment").entrySet().stream()
                    .filter(entry -> entry.getKey() != null && entry.getValue() != null)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }

        /** The private key file; wins over the key variable. */
        public Builder keyFile(Path keyFile) {
            this.keyFile = keyFile;
            return this;
        }

        public Builder keyFile(String keyFile) {
            return keyFile(TlsSettings.nonBlank(keyFile).map(Paths::get).orElse(null));
        }

        /** The environment variable holding the key content. */
        public Builder keyEnv(String variable) {
            this.keyEnv = variable;
            return this;
        }

        /** Decrypts an encrypted key. */
        public Builder passphrase(String passphrase) {
            this.passphrase = passphrase;
            return this;
        }

        /** The known_hosts file the host key must be listed in; default {@code ~/.ssh/known_hosts}. */
        public Builder knownHosts(Path knownHosts) {
            this.knownHosts = knownHosts;
            return this;
        }

        /** Pinned host key fingerprints: one or more {@code SHA256:…}, comma-separated; known_hosts is then not read. */
        public Builder hostKeyFingerprint(String fingerprint) {
            this.hostKeyFingerprint = fingerprint;
            return this;
        }

        /** Only an explicit false disables host key checking. */
        public Builder strictHostKeyChecking(Boolean strict) {
            this.strictHostKeyChecking = strict;
            return this;
        }

        /** How often to send keep-alives; {@value #KEEP_ALIVE_MAX_MISSED} unanswered ones drop the connection. */
        public Builder keepAlive(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero() || interval.toSeconds() < 1) {
                throw new EngineConfigurationException("SSH keep-alive interval must be at least 1 second: " + interval);
            }
            this.keepAliveInterval = interval;
            return this;
        }

        public SshSettings build() {
            return new SshSettings(this);
        }
    }
}
