package io.github.swarmdeploy.core.engine;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the engine is and how to reach it. Built from explicit values or from the same environment
 * variables the docker CLI reads ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}),
 * plus, for {@code ssh://} hosts, {@link SshSettings} (keys, known hosts).
 *
 * @param host           {@code unix:///path}, {@code tcp://host:port}, {@code ssh://user@host[:port]} (or
 *                       {@code npipe:////./pipe/docker_engine} on Windows)
 * @param tls            TLS towards a tcp host (ignored for the other schemes)
 * @param ssh            keys and host keys for an ssh host (ignored for the other schemes)
 * @param connectTimeout bound on establishing a connection (TCP, TLS, SSH handshake and login)
 * @param readTimeout    bound on waiting for a response
 */
public record EngineSettings(URI host, TlsSettings tls, SshSettings ssh, Duration connectTimeout,
                             Duration readTimeout) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

    public EngineSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(ssh, "ssh");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        String scheme = host.getScheme();
        if (!"unix".equals(scheme) && !"npipe".equals(scheme) && !"tcp".equals(scheme) && !"ssh".equals(scheme)) {
            throw new EngineConfigurationException("unsupported engine host " + host
                    + ": expected unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]");
        }
        if (("tcp".equals(scheme) || "ssh".equals(scheme)) && (host.getHost() == null || host.getHost().isBlank())) {
            throw new EngineConfigurationException("engine host " + host + " names no host name");
        }
    }

    /** The first form of these settings: TLS from a certificate directory, SSH from nothing but defaults. */
    public EngineSettings(URI host, boolean tlsVerify, Optional<Path> certPath, Duration connectTimeout,
                          Duration readTimeout) {
        this(host, new TlsSettings(tlsVerify, certPath, Optional.empty(), Optional.empty(), Optional.empty()),
                SshSettings.fromEnvironment(Map.of()), connectTimeout, readTimeout);
    }

    /** The engine the docker CLI would talk to given these environment variables. */
    public static EngineSettings fromEnvironment(Map<String, String> environment) {
        return forHost(null, environment);
    }

    /**
     * An explicit host (for example from a front-end's option) when given, otherwise {@code DOCKER_HOST}, otherwise
     * the local socket; TLS and SSH settings from the environment (refine them with {@link #withTls} and
     * {@link #withSsh}).
     */
    public static EngineSettings forHost(String explicitHost, Map<String, String> environment) {
        String host = TlsSettings.nonBlank(explicitHost)
                .or(() -> TlsSettings.nonBlank(environment.get("DOCKER_HOST")))
                .orElse(DEFAULT_HOST);
        return new EngineSettings(parseHost(host), TlsSettings.fromEnvironment(environment),
                SshSettings.fromEnvironment(environment), DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** Whether TLS is spoken to a tcp host. */
    public boolean tlsVerify() {
        return tls.verify();
    }

    /** The directory with {@code ca.pem}, {@code cert.pem}, {@code key.pem}, when there is one. */
    public Optional<Path> certPath() {
        return tls.certPath();
    }

    public EngineSettings withTls(boolean verify, Path certificates) {
        return withTls(new TlsSettings(verify, Optional.ofNullable(certificates), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    public EngineSettings withTls(TlsSettings tlsSettings) {
        return new EngineSettings(host, tlsSettings, ssh, connectTimeout, readTimeout);
    }

    public EngineSettings withSsh(SshSettings sshSettings) {
        return new EngineSettings(host, tls, sshSettings, connectTimeout, readTimeout);
    }

    public EngineSettings withTimeouts(Duration connect, Duration read) {
        return new EngineSettings(host, tls, ssh, connect, read);
    }

    /** True for {@code ssh://} hosts. */
    public boolean isSsh() {
        return "ssh".equals(host.getScheme());
    }

    /** True when TLS is spoken: a tcp host with verification on. */
    public boolean usesTls() {
        return "tcp".equals(host.getScheme()) && tls.verify();
    }

    /** The host as a user wrote it, for messages. */
    public String describeHost() {
        return host.toString();
    }

    /** The user's home directory: {@code HOME} of the given environment, else the JVM's idea of it. */
    static Path homeDirectory(Map<String, String> environment) {
        return TlsSettings.nonBlank(environment.get("HOME"))
                .or(() -> TlsSettings.nonBlank(environment.get("USERPROFILE")))
                .map(Paths::get)
                .orElseGet(() -> Paths.get(System.getProperty("user.home")));
    }

    private static URI parseHost(String host) {
        try {
            URI uri = URI.create(host.trim());
            if (uri.getScheme() == null) {
                throw new IllegalArgumentException("no scheme");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new EngineConfigurationException("invalid engine host '" + host
                    + "': expected unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]");
        }
    }
}
