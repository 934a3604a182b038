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
 * variables the docker CLI reads ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}).
 *
 * @param host           {@code unix:///path}, {@code tcp://host:port} (or {@code ssh://user@host[:port]}
 *                       where a transport for it is configured)
 * @param tlsVerify      whether to speak TLS to a tcp host and verify its certificate
 * @param certPath       directory with {@code ca.pem}, {@code cert.pem}, {@code key.pem} for TLS
 * @param connectTimeout bound on establishing a connection
 * @param readTimeout    bound on waiting for a response
 */
public record EngineSettings(URI host, boolean tlsVerify, Optional<Path> certPath,
                             Duration connectTimeout, Duration readTimeout) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    public EngineSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** The engine the docker CLI would talk to given these environment variables. */
    public static EngineSettings fromEnvironment(Map<String, String> environment) {
        return forHost(null, environment);
    }

    /**
     * An explicit host (for example from {@code swarm.host}) when given, otherwise the environment's;
     * TLS settings always come from the environment.
     */
    public static EngineSettings forHost(String explicitHost, Map<String, String> environment) {
        String host = firstNonBlank(explicitHost, environment.get("DOCKER_HOST"), DEFAULT_HOST);
        boolean tlsVerify = isTruthy(environment.get("DOCKER_TLS_VERIFY"));
        Optional<Path> certPath = Optional.ofNullable(environment.get("DOCKER_CERT_PATH"))
                .filter(value -> !value.isBlank())
                .map(Paths::get)
                .or(() -> tlsVerify
                        ? Optional.ofNullable(environment.get("HOME")).map(home -> Paths.get(home, ".docker"))
                        : Optional.empty());
        return new EngineSettings(parseHost(host), tlsVerify, certPath, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    public EngineSettings withTls(boolean verify, Path certificates) {
        return new EngineSettings(host, verify, Optional.ofNullable(certificates), connectTimeout, readTimeout);
    }

    public EngineSettings withTimeouts(Duration connect, Duration read) {
        return new EngineSettings(host, tlsVerify, certPath, connect, read);
    }

    /** The host as a user wrote it, for messages. */
    public String describeHost() {
        return host.toString();
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

    private static boolean isTruthy(String value) {
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalArgumentException("no value");
    }
}
