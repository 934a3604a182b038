package io.github.swarmdeploy.core.engine;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS towards a {@code tcp://} engine, as the docker CLI does it: verify the engine's certificate against a CA
 * and present a client certificate. The files default to {@code ca.pem}, {@code cert.pem} and {@code key.pem}
 * in {@link #certPath()}; each can be given on its own.
 *
 * @param verify   whether to speak TLS (verifying the engine) at all
 * @param certPath directory holding {@code ca.pem}, {@code cert.pem}, {@code key.pem}
 * @param caCert   the CA certificate, when not {@code certPath/ca.pem}
 * @param cert     the client certificate, when not {@code certPath/cert.pem}
 * @param key      the client key, when not {@code certPath/key.pem}
 */
public record TlsSettings(boolean verify, Optional<Path> certPath, Optional<Path> caCert, Optional<Path> cert,
                          Optional<Path> key) {

    public static final TlsSettings NONE = new TlsSettings(false, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public TlsSettings {
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /**
     * The docker CLI's environment: {@code DOCKER_TLS_VERIFY} (any value but empty, {@code 0}, {@code false})
     * switches verification on, {@code DOCKER_CERT_PATH} (default {@code ~/.docker}) holds the files.
     */
    public static TlsSettings fromEnvironment(Map<String, String> environment) {
        boolean verify = isTruthy(environment.get("DOCKER_TLS_VERIFY"));
        Optional<Path> certPath = nonBlank(environment.get("DOCKER_CERT_PATH")).map(Paths::get)
                .or(() -> verify ? Optional.of(EngineSettings.homeDirectory(environment).resolve(".docker"))
                        : Optional.empty());
        return new TlsSettings(verify, certPath, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * These settings with explicit values (null = keep): e.g. a front-end's TLS options. Naming a
     * certificate directory or file switches verification on unless {@code verify} is explicitly false.
     */
    public TlsSettings with(Boolean verify, Path certPath, Path caCert, Path cert, Path key) {
        boolean namesFiles = certPath != null || caCert != null || cert != null || key != null;
        boolean effective = verify != null ? verify : this.verify || namesFiles;
        return new TlsSettings(effective,
                Optional.ofNullable(certPath).or(() -> this.certPath),
                Optional.ofNullable(caCert).or(() -> this.caCert),
                Optional.ofNullable(cert).or(() -> this.cert),
                Optional.ofNullable(key).or(() -> this.key));
    }

    /** The CA certificate file in use. */
    public Optional<Path> caCertFile() {
        return caCert.or(() -> certPath.map(dir -> dir.resolve("ca.pem")));
    }

    /** The client certificate file in use. */
    public Optional<Path> certFile() {
        return cert.or(() -> certPath.map(dir -> dir.resolve("cert.pem")));
    }

    /** The client key file in use. */
    public Optional<Path> keyFile() {
        return key.or(() -> certPath.map(dir -> dir.resolve("key.pem")));
    }

    static boolean isTruthy(String value) {
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
