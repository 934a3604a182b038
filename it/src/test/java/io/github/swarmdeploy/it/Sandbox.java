package io.github.swarmdeploy.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The sandbox swarm of {@code scripts/swarm-sandbox up}, as integration tests see it: where the engine,
 * registry, base image and SSH server are (from the {@code eval "$(scripts/swarm-sandbox env)"} variables,
 * with the script's defaults when they are not set), a docker-java client, unique names and polling.
 *
 * <p>When the sandbox is missing, {@link #requireEngine()} and {@link #requireSsh()} fail the test under
 * {@code CI=true} and skip it elsewhere, with a message saying how to start the sandbox.
 */
public final class Sandbox {

    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    public static final String HOW_TO_START =
            "start the sandbox with `scripts/swarm-sandbox up` (as root), then `eval \"$(scripts/swarm-sandbox env)\"`";

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> ENV = System.getenv();

    private Sandbox() {
    }

    /** Where to reach the engine: {@code DOCKER_HOST}, else the local socket. */
    public static String dockerHost() {
        return env("DOCKER_HOST").orElse(DEFAULT_DOCKER_HOST);
    }

    /** The plain-HTTP registry every test image is pushed to, e.g. {@code 127.0.0.1:5000}. */
    public static String registry() {
        return env("SWARM_SANDBOX_REGISTRY").orElse("127.0.0.1:5000");
    }

    /** The image every test image is built {@code FROM}; nothing is ever pulled from Docker Hub. */
    public static String baseImage() {
        return env("SWARM_SANDBOX_BASE_IMAGE").orElse(registry() + "/sandbox/busybox:latest");
    }

    /** Whether this run is CI's ({@code CI=true}), where a missing sandbox fails the tests. */
    public static boolean isCi() {
        return env("CI").map(value -> value.equalsIgnoreCase("true")).orElse(false);
    }

    /**
     * A new docker-java client (httpclient5 transport) to {@link #dockerHost()}, without checking that the
     * engine answers. The caller closes it.
     */
    public static DockerClient connect() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost())
                .build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(120))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /**
     * A client to an engine that answers. When none does, the test fails under {@code CI=true} and is
     * skipped elsewhere. The caller closes the client.
     */
    public static DockerClient requireEngine() {
        DockerClient client = connect();
        try {
            client.pingCmd().exec();
            return client;
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw unavailable("no Docker engine answers on " + dockerHost() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The SSH account of the sandbox, checked to be there (fails under CI, skips elsewhere, when not). */
    public static Ssh requireSsh() {
        Ssh ssh = ssh();
        for (Path file : new Path[] {ssh.key(), ssh.knownHosts()}) {
            if (!Files.isReadable(file)) {
                throw unavailable("the sandbox SSH file " + file + " is missing or unreadable", null);
            }
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ssh.host(), ssh.port()), 5_000);
        } catch (IOException e) {
            throw unavailable("no SSH server answers on " + ssh.host() + ":" + ssh.port() + " (" + e.getMessage() + ")", e);
        }
        return ssh;
    }

    /** Where the sandbox SSH server is and how to log in, from the environment or the script's defaults. */
    public static Ssh ssh() {
        Path dir = Paths.get(env("SWARM_SANDBOX_DIR").orElse("/var/lib/swarm-sandbox"), "ssh");
        return new Ssh(
                env("SWARM_SANDBOX_SSH_HOST").orElse("127.0.0.1"),
                Integer.parseInt(env("SWARM_SANDBOX_SSH_PORT").orElse("2222")),
                env("SWARM_SANDBOX_SSH_USER").orElse("deploy"),
                path("SWARM_SANDBOX_SSH_KEY", dir.resolve("deploy_ed25519")),
                path("SWARM_SANDBOX_SSH_KEY_RSA", dir.resolve("deploy_rsa")),
                path("SWARM_SANDBOX_SSH_KEY_ECDSA", dir.resolve("deploy_ecdsa")),
                path("SWARM_SANDBOX_SSH_KEY_ENCRYPTED", dir.resolve("deploy_ed25519_encrypted")),
                path("SWARM_SANDBOX_SSH_KEY_PASSPHRASE_FILE", dir.resolve("deploy_ed25519_encrypted.passphrase")),
                path("SWARM_SANDBOX_SSH_KNOWN_HOSTS", dir.resolve("known_hosts")),
                env("SWARM_SANDBOX_SSH_HOST_FINGERPRINT").orElseGet(() -> readTrimmed(dir.resolve("host_fingerprint"))),
                env("SWARM_SANDBOX_SSH_DOCKER_SOCKET").orElse("/var/run/docker.sock"),
                env("SWARM_SANDBOX_SSH_NODOCKER_USER").orElse("nodocker"),
                path("SWARM_SANDBOX_SSH_NODOCKER_KEY", dir.resolve("nodocker_ed25519")));
    }

    /**
     * The sandbox SSH server and its accounts: {@code user} is in group docker and reaches
     * {@code dockerSocket}; {@code nodockerUser} logs in but has no access to the engine.
     *
     * @param key             ed25519 private key (OpenSSH format, no passphrase) of {@code user}; {@code nodockerUser}
     *                        accepts it too
     * @param rsaKey          RSA private key of {@code user}, PEM (PKCS#1, {@code BEGIN RSA PRIVATE KEY}) format
     * @param ecdsaKey        ECDSA (nistp256) private key of {@code user}, OpenSSH format
     * @param encryptedKey    passphrase-protected ed25519 private key of {@code user}
     * @param passphraseFile  file holding the passphrase of {@code encryptedKey} (one line)
     * @param knownHosts      a known_hosts file with the line for {@code [host]:port}
     * @param hostFingerprint the host key's fingerprint, {@code SHA256:...}
     */
    public record Ssh(String host, int port, String user, Path key, Path rsaKey, Path ecdsaKey, Path encryptedKey,
                      Path passphraseFile, Path knownHosts, String hostFingerprint, String dockerSocket,
                      String nodockerUser, Path nodockerKey) {
    }

    /**
     * A name no other test run uses, for stacks and swarm objects: {@code it<8 random chars>-<purpose>},
     * lower case, e.g. {@code it4kq9x2mz-sandbox}. Short enough for Swarm's 63-character names.
     */
    public static String uniqueName(String purpose) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder("it");
        for (int i = 0; i < 8; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.append('-').append(purpose).toString();
    }

    /**
     * What {@code docker stack rm} does for a test's stack: removes every service, config, secret and
     * network labelled {@code com.docker.stack.namespace=<stack>}, waiting (bounded) until the networks
     * can go because the last task left them.
     */
    public static void removeStack(DockerClient docker, String stack) {
        Map<String, String> label = Map.of("com.docker.stack.namespace", stack);
        java.util.List<String> filter = java.util.List.of("com.docker.stack.namespace=" + stack);
        docker.listServicesCmd().withLabelFilter(label).exec().forEach(s -> docker.removeServiceCmd(s.getId()).exec());
        await("the configs, secrets and networks of " + stack + " removed", Duration.ofSeconds(60), () -> {
            docker.listConfigsCmd().withFilters(Map.of("label", filter)).exec()
                    .forEach(c -> docker.removeConfigCmd(c.getId()).exec());
            docker.listSecretsCmd().withLabelFilter(label).exec().forEach(s -> docker.removeSecretCmd(s.getId()).exec());
            docker.listNetworksCmd().withFilter("label", filter).exec().forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
            return docker.listConfigsCmd().withFilters(Map.of("label", filter)).exec().size()
                    + docker.listSecretsCmd().withLabelFilter(label).exec().size()
                    + docker.listNetworksCmd().withFilter("label", filter).exec().size();
        }, left -> left == 0);
    }

    /**
     * Polls {@code probe} until {@code done} accepts what it returns, and returns that. Fails with an
     * {@link AssertionError} naming {@code what} and the last value (or exception) seen when
     * {@code timeout} passes. Exceptions of the probe count as "not yet".
     */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                String seen = lastError != null ? lastError.toString() : String.valueOf(last);
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                        + "; last seen: " + seen, lastError);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }

    /** Under CI a missing sandbox is a failure; elsewhere the test is skipped. Thrown, never returned. */
    private static RuntimeException unavailable(String problem, Throwable cause) {
        String message = problem + ": " + HOW_TO_START;
        if (isCi()) {
            Assertions.fail("CI=true: " + message, cause);
        }
        // An abort in @BeforeAll leaves no trace in Maven's summary ("Tests run: 0"): say it on the console.
        System.err.println("[sandbox] skipping: " + message);
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(ENV.get(name)).filter(value -> !value.isBlank());
    }

    private static Path path(String variable, Path fallback) {
        return env(variable).map(Paths::get).orElse(fallback);
    }

    private static String readTrimmed(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing was done with it
        }
    }
}
