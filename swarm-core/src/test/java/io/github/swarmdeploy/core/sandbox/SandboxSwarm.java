package io.github.swarmdeploy.core.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.github.swarmdeploy.core.engine.HttpMethod;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.naming.StackLabels;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The sandbox swarm of {@code scripts/swarm-sandbox up}, as every integration test sees it (swarm-core's and,
 * through swarm-core's test-jar, the {@code it} module's): where the engine, registry, base image and SSH server
 * are (from the {@code eval "$(scripts/swarm-sandbox env)"} variables, with the script's defaults when they are
 * not set), connections checked to answer, unique names, polling with a deadline, test images, and removal of
 * what a test stack left.
 *
 * <p>When the sandbox is missing, {@link #requireEngine()}, {@link #requireManager()} and {@link #requireSsh()}
 * fail the test under {@code CI=true} and skip it elsewhere, with a message naming {@code scripts/swarm-sandbox up}.
 *
 * <p>As a JUnit extension it holds one connection for a test class and removes the stacks each test asked for:
 * <pre>{@code
 * @RegisterExtension
 * static final SandboxSwarm sandbox = SandboxSwarm.manager();   // or engine(): any engine, swarm or not
 * ...
 * String stack = sandbox.newStack("deploy");                    // removed after the test, also on failure
 * sandbox.connection().fetchJson(...); sandbox.docker().listServicesCmd()...
 * }</pre>
 */
public final class SandboxSwarm implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    public static final String DEFAULT_DOCKER_HOST = EngineSettings.DEFAULT_HOST;
    public static final String HOW_TO_START =
            "start the sandbox with `scripts/swarm-sandbox up` (as root), then `eval \"$(scripts/swarm-sandbox env)\"`";

    private static final Map<String, String> ENV = System.getenv();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Set<String> TERMINAL_TASK_STATES =
            Set.of("complete", "failed", "shutdown", "rejected", "orphaned", "remove");

    private final Supplier<EngineConnection> requirement;
    private final List<String> stacks = new ArrayList<>();
    private EngineConnection engine;

    private SandboxSwarm(Supplier<EngineConnection> requirement) {
        this.requirement = requirement;
    }

    // ---- the extension: one connection per test class, the stacks of each test removed after it

    /** An extension whose tests need a swarm manager ({@link #requireManager()}). */
    public static SandboxSwarm manager() {
        return new SandboxSwarm(SandboxSwarm::requireManager);
    }

    /** An extension whose tests need an engine that answers, swarm or not ({@link #requireEngine()}). */
    public static SandboxSwarm engine() {
        return new SandboxSwarm(SandboxSwarm::requireEngine);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = requirement.get();
    }

    /** The connection of this test class (open from before the first test to after the last). */
    public EngineConnection connection() {
        if (engine == null) {
            throw new IllegalStateException("the sandbox is not connected: register SandboxSwarm as a static"
                    + " @RegisterExtension field");
        }
        return engine;
    }

    /** docker-java's typed client on the sandbox engine ({@link #dockerClient()}). */
    public DockerClient docker() {
        return dockerClient();
    }

    /** A {@link #uniqueStack unique} stack name whose objects are removed after the current test. */
    public String newStack(String purpose) {
        String stack = uniqueStack(purpose);
        stacks.add(stack);
        return stack;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (engine == null) {
            return;
        }
        List<Runnable> removals = new ArrayList<>();
        stacks.forEach(stack -> removals.add(() -> removeStack(engine, stack)));
        stacks.clear();
        RuntimeException failure = runAll(removals);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    // ---- where things are

    /** Whether this run is CI's ({@code CI=true}), where a missing sandbox fails the tests. */
    public static boolean isCi() {
        return env("CI").map(value -> value.equalsIgnoreCase("true")).orElse(false);
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

    // ---- checked connections

    private static DockerClient dockerClient;

    /**
     * docker-java's typed client on the sandbox engine ({@link #dockerHost()}), for what tests set up or look at
     * beyond swarm-deploy's own port (images, containers, exec). swarm-deploy's {@link EngineConnection} hands
     * out no docker-java types; this is the tests' own client, open until the JVM ends.
     */
    public static synchronized DockerClient dockerClient() {
        if (dockerClient == null) {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(dockerHost()).withDockerTlsVerify(false).build();
            dockerClient = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).build());
        }
        return dockerClient;
    }

    /**
     * A connection to an engine that answers ({@code GET /_ping}). When none does, the test fails under
     * {@code CI=true} and is skipped elsewhere. The caller closes it.
     */
    public static EngineConnection requireEngine() {
        EngineConnection engine = EngineConnection.open(EngineSettings.fromEnvironment(ENV));
        try {
            engine.ping();
            return engine;
        } catch (EngineException e) {
            engine.close();
            throw unavailable("no Docker engine answers (" + e.getMessage() + ")", e);
        }
    }

    /** A connection to the sandbox's swarm manager; fails under CI, skips elsewhere, when there is none. */
    public static EngineConnection requireManager() {
        EngineConnection engine = requireEngine();
        String problem;
        try {
            JsonNode info = engine.fetchJson("/info");
            problem = info.path("Swarm").path("ControlAvailable").asBoolean() ? null
                    : "the engine at " + engine.description() + " is not a swarm manager";
        } catch (EngineException e) {
            problem = "no Docker engine answers: " + e.getMessage();
        }
        if (problem == null) {
            return engine;
        }
        engine.close();
        throw unavailable(problem, null);
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
     * Something a test needs is missing: under {@code CI=true} the test fails, elsewhere it is skipped, with
     * {@code problem} and how to start the sandbox. Thrown, never returned: {@code throw unavailable(...)}.
     */
    public static RuntimeException unavailable(String problem, Throwable cause) {
        String message = problem + ": " + HOW_TO_START;
        if (isCi()) {
            Assertions.fail("CI=true: " + message, cause);
        }
        // an abort in @BeforeAll leaves no trace in Maven's summary ("Tests run: 0"): say it on the console
        System.err.println("[sandbox] skipping: " + message);
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    // ---- names, ports, waiting

    /**
     * {@code it<8 random>-<purpose>}, lower case (e.g. {@code it4kq9x2mz-deploy}): a name no other run uses, for
     * stacks and any other object a test creates. Short enough for Swarm's 63-character names.
     */
    public static String uniqueStack(String purpose) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder("it");
        for (int i = 0; i < 8; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.append('-').append(purpose).toString();
    }

    /** A TCP port nothing listens on right now (on loopback), for a test's server or published port. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /**
     * Polls {@code probe} until {@code done} accepts what it returns, and returns that. Fails with an
     * {@link AssertionError} naming {@code what} and the last value (or exception) seen when {@code timeout}
     * passes. Exceptions of the probe count as "not yet".
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
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                        + "; last seen: " + (lastError != null ? lastError : last), lastError);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /**
     * Runs every step (of a cleanup) even when one fails; returns the first failure (an AssertionError wrapped)
     * with the others suppressed, or null when all succeeded.
     */
    public static RuntimeException runAll(List<Runnable> steps) {
        RuntimeException failure = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException | AssertionError e) {
                RuntimeException wrapped = e instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("cleanup failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        return failure;
    }

    // ---- stacks

    /** {@code filters} query value (URL-encoded JSON) selecting the objects labelled with the stack. */
    public static String labelFilter(String stack) {
        return URLEncoder.encode("{\"label\":[\"" + StackLabels.namespaceFilter(stack) + "\"]}", StandardCharsets.UTF_8);
    }

    /**
     * Names of every service, network, config and secret labelled with the stack, sorted, kind-prefixed
     * ({@code config:x}): to assert that a failed deploy changed nothing.
     */
    public static List<String> listStackObjects(EngineConnection engine, String stack) {
        List<String> names = new ArrayList<>();
        for (String kind : List.of("services", "networks", "configs", "secrets")) {
            for (JsonNode object : engine.fetchJson("/" + kind + "?filters=" + labelFilter(stack))) {
                String name = object.has("Spec") ? object.path("Spec").path("Name").asText() : object.path("Name").asText();
                String version = object.path("Version").path("Index").asText("");
                names.add(kind + ":" + name + (version.isEmpty() ? "" : "@" + version));
            }
        }
        return List.copyOf(new TreeSet<>(names));
    }

    /**
     * What {@code docker stack rm} does for a test's stack: removes every service, then (once their tasks have
     * stopped) every config, secret and network labelled {@code com.docker.stack.namespace=<stack>}, waiting
     * (bounded) until the networks can go because the last task left them.
     */
    public static void removeStack(EngineConnection engine, String stack) {
        for (JsonNode service : engine.fetchJson("/services?filters=" + labelFilter(stack))) {
            delete(engine, "/services/" + service.path("ID").asText());
        }
        // tasks of removed job services may stay listed as complete: wait for those that still run
        await("tasks of " + stack + " stopped", Duration.ofSeconds(60), () -> {
            int running = 0;
            for (JsonNode task : engine.fetchJson("/tasks?filters=" + labelFilter(stack))) {
                running += TERMINAL_TASK_STATES.contains(task.path("Status").path("State").asText()) ? 0 : 1;
            }
            return running;
        }, count -> count == 0);
        for (String kind : List.of("configs", "secrets")) {
            for (JsonNode object : engine.fetchJson("/" + kind + "?filters=" + labelFilter(stack))) {
                delete(engine, "/" + kind + "/" + object.path("ID").asText());
            }
        }
        // networks go once the last task's container has left them
        await("networks of " + stack + " gone", Duration.ofSeconds(60), () -> {
            for (JsonNode network : engine.fetchJson("/networks?filters=" + labelFilter(stack))) {
                delete(engine, "/networks/" + network.path("Id").asText());
            }
            return engine.fetchJson("/networks?filters=" + labelFilter(stack)).size();
        }, count -> count == 0);
    }

    /**
     * The labels swarm:deploy puts on a version of the config or secret {@code key} of {@code stack}
     * ({@link StackLabels}): the objects prune decides about.
     */
    public static Map<String, String> managedLabels(String stack, String key, String hash) {
        return Map.of(StackLabels.NAMESPACE, stack, StackLabels.MANAGED, "true", StackLabels.KEY, key,
                StackLabels.HASH, hash);
    }

    /** {@code DELETE path} (e.g. {@code /services/<id>}); an object already gone (404) counts as deleted. */
    public static void delete(EngineConnection engine, String path) {
        try {
            engine.sendJson(HttpMethod.DELETE, path, null);
        } catch (EngineException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /**
     * The content of {@code path} inside the container of the service's one running task (the one Swarm wants
     * running), or a description of why there is none (for {@link #await}'s failure message).
     */
    public static String fileInRunningTask(EngineConnection engine, String service, String path) {
        String filters = URLEncoder.encode("{\"service\":[\"" + service + "\"],\"desired-state\":[\"running\"]}",
                StandardCharsets.UTF_8);
        List<String> containers = new ArrayList<>();
        JsonNode tasks = engine.fetchJson("/tasks?filters=" + filters);
        for (JsonNode task : tasks) {
            if ("running".equals(task.path("Status").path("State").asText())) {
                containers.add(task.path("Status").path("ContainerStatus").path("ContainerID").asText());
            }
        }
        if (containers.size() != 1) {
            return containers.size() + " running tasks; tasks: " + tasks;
        }
        DockerClient docker = dockerClient();
        String exec = docker.execCreateCmd(containers.get(0)).withCmd("cat", path)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        try {
            docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted reading " + path + " in " + containers.get(0), e);
        }
        return out.toString();
    }

    // ---- test images

    /**
     * Builds {@code <registry>/<repository>:<tag>} from the base image plus {@code dockerfileLines} (with
     * {@code files} in the build context, by relative path; {@code *.sh} executable), pushes it to the sandbox
     * registry, checks that the registry serves it, and returns its name. The engine caches builds, so a repeated
     * run is quick.
     */
    public static String buildAndPush(EngineConnection engine, String repository, String tag, Map<String, String> files,
                                      String... dockerfileLines) {
        String image = registry() + "/" + repository + ":" + tag;
        Path context = null;
        try {
            context = Files.createTempDirectory("swarm-it-image");
            Files.writeString(context.resolve("Dockerfile"), "FROM " + baseImage() + "\n"
                    + String.join("\n", dockerfileLines) + "\n");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = TestFiles.write(context, file.getKey(), file.getValue());
                if (file.getKey().endsWith(".sh")) {
                    // executable in the context: the image needs no RUN step, so no container and no bridge
                    target.toFile().setExecutable(true, false);
                }
            }
            dockerClient().buildImageCmd(context.toFile()).withTags(Set.of(image)).withPull(false)
                    .exec(new BuildImageResultCallback()).awaitImageId();
            dockerClient().pushImageCmd(image).exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context of " + image, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while pushing " + image, e);
        } finally {
            deleteTree(context);
        }
        int status = SandboxRegistry.manifestStatus(repository, tag);
        if (status != 200) {
            throw new AssertionError("the push of " + image + " did not reach " + registry() + ": manifest status " + status);
        }
        return image;
    }

    /** Whether the image holds {@code path}, read through a created (never started) container: no bridge needed. */
    public static boolean imageHasFile(DockerClient docker, String image, String path) {
        String container = docker.createContainerCmd(image).exec().getId();
        try (InputStream archive = docker.copyArchiveFromContainerCmd(container, path).exec()) {
            archive.readAllBytes();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " of " + image, e);
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    // ---- plumbing

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
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
}
