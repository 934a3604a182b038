package io.github.swarmdeploy.core.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.HttpMethod;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A swarm of its own for one test class: a manager and {@code n} workers, each a dockerd in a network namespace
 * this class creates, so that a test may kill, restart, drain or add nodes without touching the shared sandbox
 * swarm that other tests use at the same time.
 *
 * <p>Layout: a namespace {@code swc-<id>-lan} holds a bridge, the cluster's LAN ({@code 198.19.<a>.0/24}); each
 * node's namespace {@code swc-<id>-<node>} has an {@code eth0} on it ({@code .10} the manager, {@code .11}... the
 * workers), a bridge of its own for its dockerd's default network, and its dockerd (own data root, exec root, UTS
 * namespace with the node's name as host name). The host has one veth pair to the LAN ({@code swc<id>}, address
 * {@code .1}), on which this JVM passes registry connections on to the sandbox registry on loopback; inside each
 * node, busybox {@code nc} forwards {@code 127.0.0.1:5000} to it. So every node pulls the same
 * {@code 127.0.0.1:5000/...@sha256:...} images, through the sandbox registry only, and {@link #cutRegistry()}
 * takes the registry away from the cluster alone. Each dockerd's API is a unix socket in the cluster's
 * directory (sockets are not namespaced): {@link Node#host()}.
 *
 * <p>Nothing is left behind: {@link #close()} (and a shutdown hook, for a run stopped with Ctrl-C or SIGTERM)
 * kills every process of the cluster, unmounts and deletes its directory, and deletes its namespaces and veth
 * pair; a run killed outright leaves them to the next {@link #start}, which removes the clusters of runs that no
 * longer live (their directory records the owning JVM). The dispatcher heartbeat is 2s (Swarm's default: 5s), so
 * that a killed node is reported down within seconds.
 *
 * <p>Needs root, {@code ip}, {@code nsenter}, {@code unshare}, {@code dockerd} and {@code busybox}: when one is
 * missing, the test fails under {@code CI=true} and is skipped elsewhere ({@link SandboxSwarm#unavailable}).
 */
public final class SwarmCluster implements AutoCloseable {

    /** The node label every node carries with its name ({@code manager}, {@code worker1}, ...). */
    public static final String NODE_LABEL = "io.github.swarmdeploy.test.node";
    /** Swarm's dispatcher heartbeat in this cluster: a node that stops answering is down after a few of these. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private static final String PREFIX = "swarm-cluster-";
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration UNOWNED_GRACE = Duration.ofMinutes(2);

    private final String id;
    private final Path dir;
    private final String lanPrefix;
    private final String hostAddress;
    private final int registryPort;
    private final List<Node> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::removeOnce, "swarm-cluster-removal");
    private TcpForwarder registryForwarder;
    private EngineConnection manager;
    private boolean removed;

    private SwarmCluster(String id, Path dir, String lanPrefix) {
        this.id = id;
        this.dir = dir;
        this.lanPrefix = lanPrefix;
        this.hostAddress = lanPrefix + "1";
        String registry = SandboxSwarm.registry();
        this.registryPort = Integer.parseInt(registry.substring(registry.lastIndexOf(':') + 1));
    }

    /**
     * Starts a manager and {@code workers} workers and waits until the manager reports every node ready and
     * labelled. On any failure what was started is removed again before the failure is thrown.
     */
    public static SwarmCluster start(int workers) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw SandboxSwarm.unavailable("a private swarm cluster (dockerds in network namespaces) needs root", null);
        }
        for (String tool : new String[] {"ip", "nsenter", "unshare", "dockerd", "busybox"}) {
            if (!Processes.isOnPath(tool)) {
                throw SandboxSwarm.unavailable("no " + tool + " on the PATH (needed for a private swarm cluster)", null);
            }
        }
        removeLeftoversOfEarlierRuns();
        SwarmCluster cluster = create();
        // a run stopped from outside (Ctrl-C, SIGTERM) still removes its cluster
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.build(workers);
            return cluster;
        } catch (RuntimeException | Error e) {
            try {
                cluster.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static SwarmCluster create() {
        String addresses = Processes.run("ip", "-o", "-4", "addr", "show");
        for (int attempt = 0; attempt < 20; attempt++) {
            String lan = "198.19." + RANDOM.nextInt(256) + ".";
            if (addresses.contains(" " + lan)) {
                continue;
            }
            String id = SandboxSwarm.uniqueStack("c").substring(2, 10);
            Path dir = TMP.resolve(PREFIX + id);
            try {
                Files.createDirectory(dir);
                ProcessHandle self = ProcessHandle.current();
                Files.writeString(dir.resolve("owner"), self.pid() + " "
                        + self.info().startInstant().map(Instant::toString).orElse("?") + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the cluster's directory " + dir, e);
            }
            return new SwarmCluster(id, dir, lan);
        }
        throw new AssertionError("found no free 198.19.x.0/24 for a cluster's LAN: " + addresses);
    }

    private void build(int workers) {
        // the LAN: a bridge in a namespace of its own, and the host's link to it
        String lan = namespace("lan");
        Processes.run("ip", "netns", "add", lan);
        Processes.run("ip", "-n", lan, "link", "set", "lo", "up");
        Processes.run("ip", "-n", lan, "link", "add", "lan0", "type", "bridge");
        Processes.run("ip", "-n", lan, "link", "set", "lan0", "up");
        Processes.run("ip", "link", "add", hostLink(id), "type", "veth", "peer", "name", "uplink", "netns", lan);
        Processes.run("ip", "addr", "add", hostAddress + "/24", "dev", hostLink(id));
        Processes.run("ip", "link", "set", hostLink(id), "up");
        Processes.run("ip", "-n", lan, "link", "set", "uplink", "master", "lan0", "up");
        registryForwarder = new TcpForwarder(hostAddress, registryPort);

        nodes.add(new Node("manager", 0));
        for (int i = 1; i <= workers; i++) {
            nodes.add(new Node("worker" + i, i));
        }
        nodes.forEach(Node::createNamespace);
        nodes.forEach(Node::launch);
        nodes.forEach(Node::awaitEngine);

        Node first = nodes.get(0);
        ObjectNode init = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        init.put("ListenAddr", first.address() + ":2377");
        init.put("AdvertiseAddr", first.address());
        init.putObject("Spec").putObject("Dispatcher").put("HeartbeatPeriod", HEARTBEAT.toNanos());
        first.engine().sendJson(HttpMethod.POST, "/swarm/init", init);
        manager = EngineConnection.open(EngineSettings.forHost(first.host(), Map.of()));
        String token = manager.fetchJson("/swarm").path("JoinTokens").path("Worker").asText();
        for (Node worker : workers()) {
            worker.engine().sendJson(HttpMethod.POST, "/swarm/join", Map.of(
                    "ListenAddr", worker.address() + ":2377",
                    "AdvertiseAddr", worker.address(),
                    "RemoteAddrs", List.of(first.address() + ":2377"),
                    "JoinToken", token));
        }
        for (Node node : nodes) {
            node.nodeId = node.engine().fetchJson("/info").path("Swarm").path("NodeID").asText();
            if (node.nodeId.isEmpty()) {
                throw new AssertionError(node.name + " reports no swarm node ID: "
                        + node.engine().fetchJson("/info").path("Swarm"));
            }
            node.label(NODE_LABEL, node.name);
        }
        awaitReady(nodes);
    }

    /**
     * A cluster for one test class, as a JUnit extension: started before the first test, {@link #restore() restored}
     * after each, removed after the last (also when a test fails).
     * <pre>{@code
     * @RegisterExtension
     * static final SwarmCluster.PerClass nodes = SwarmCluster.perClass(2);   // a manager and two workers
     * ... nodes.cluster().managerHost() ...
     * }</pre>
     */
    public static PerClass perClass(int workers) {
        return new PerClass(workers);
    }

    /** See {@link #perClass}. */
    public static final class PerClass implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

        private final int workers;
        private SwarmCluster cluster;

        private PerClass(int workers) {
            this.workers = workers;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            cluster = SwarmCluster.start(workers);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (cluster != null) {
                cluster.restore();
            }
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        }

        public SwarmCluster cluster() {
            if (cluster == null) {
                throw new IllegalStateException("no cluster: register SwarmCluster.perClass as a static @RegisterExtension");
            }
            return cluster;
        }
    }

    // ---- what a test uses

    /** A connection to the manager's engine, open until {@link #close()}: what a deploy under test talks to. */
    public EngineConnection manager() {
        return manager;
    }

    /** The manager's {@code DOCKER_HOST} ({@code unix:///tmp/swarm-cluster-.../manager/docker.sock}). */
    public String managerHost() {
        return nodes.get(0).host();
    }

    /** Every node, the manager first. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node managerNode() {
        return nodes.get(0);
    }

    public List<Node> workers() {
        return List.copyOf(nodes.subList(1, nodes.size()));
    }

    /** The node called {@code name} ({@code manager}, {@code worker1}, ...). */
    public Node node(String name) {
        return nodes.stream().filter(node -> node.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + nodes));
    }

    /** The node whose swarm node ID is {@code nodeId}. */
    public Node nodeWithId(String nodeId) {
        return nodes.stream().filter(node -> node.nodeId.equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node with ID " + nodeId + " in " + nodes));
    }

    /** Swarm node ID -> node name, for messages. */
    public Map<String, String> names() {
        Map<String, String> names = new TreeMap<>();
        nodes.forEach(node -> names.put(node.nodeId, node.name));
        return names;
    }

    /** Waits until the manager reports each of these nodes ready (and its {@link #NODE_LABEL} set). */
    public void awaitReady(List<Node> which) {
        SandboxSwarm.await("nodes " + which + " ready", STARTUP, () -> manager.fetchJson("/nodes"), all -> {
            for (Node node : which) {
                boolean ready = false;
                for (JsonNode seen : all) {
                    ready |= seen.path("ID").asText().equals(node.nodeId)
                            && "ready".equals(seen.path("Status").path("State").asText())
                            && node.name.equals(seen.path("Spec").path("Labels").path(NODE_LABEL).asText());
                }
                if (!ready) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Undoes what a test did to the cluster, for the next test: the registry reachable, every node's engine running,
     * ready and active.
     */
    public void restore() {
        restoreRegistry();
        nodes.stream().filter(node -> node.engine == null).forEach(Node::start);
        awaitReady(nodes);
        nodes.forEach(node -> node.availability("active"));
    }

    /** The registry no longer answers the nodes: connections are refused until {@link #restoreRegistry()}. */
    public void cutRegistry() {
        if (registryForwarder != null) {
            registryForwarder.close();
            registryForwarder = null;
        }
    }

    /** The nodes reach the registry again. */
    public void restoreRegistry() {
        if (registryForwarder == null) {
            registryForwarder = new TcpForwarder(hostAddress, registryPort);
        }
    }

    @Override
    public String toString() {
        return "cluster " + id + " " + nodes;
    }

    // ---- one node

    /** One dockerd of the cluster, in its own network namespace. */
    public final class Node {

        private final String name;
        private final int index;
        private final Path nodeDir;
        private final List<Process> helpers = new ArrayList<>();
        private Process dockerd;
        private EngineConnection engine;
        private String nodeId = "";

        private Node(String name, int index) {
            this.name = name;
            this.index = index;
            this.nodeDir = dir.resolve(name);
        }

        /** {@code manager}, {@code worker1}, ...: also its host name, so Swarm's {@code node.hostname}. */
        public String name() {
            return name;
        }

        public String nodeId() {
            return nodeId;
        }

        /** Its address on the cluster's LAN. */
        public String address() {
            return lanPrefix + (10 + index);
        }

        /** Its engine's {@code DOCKER_HOST}. */
        public String host() {
            return "unix://" + nodeDir.resolve("docker.sock");
        }

        /** A connection to this node's own engine (what runs on it); a new one after {@link #start()}. */
        public EngineConnection engine() {
            return engine;
        }

        /** The node's dockerd log, for a failure message. */
        public String log() {
            return Processes.readLog(nodeDir.resolve("dockerd.log"));
        }

        /** Sets a node label through the manager (to place tasks: {@code node.labels.<key> == <value>}). */
        public void label(String key, String value) {
            SandboxSwarm.await("label " + key + "=" + value + " on " + name, STARTUP, () -> {
                JsonNode node = manager.fetchJson("/nodes/" + nodeId);
                ObjectNode spec = node.path("Spec").deepCopy();
                ObjectNode labels = spec.path("Labels").isObject() ? (ObjectNode) spec.get("Labels")
                        : spec.putObject("Labels");
                if (!value.equals(labels.path(key).asText(null))) {
                    labels.put(key, value);
                    manager.sendJson(HttpMethod.POST, "/nodes/" + nodeId + "/update?version="
                            + node.path("Version").path("Index").asLong(), spec);
                }
                return manager.fetchJson("/nodes/" + nodeId).path("Spec").path("Labels").path(key).asText();
            }, value::equals);
        }

        /** Sets the node's availability ({@code active}, {@code pause}, {@code drain}) through the manager. */
        public void availability(String availability) {
            SandboxSwarm.await(name + " " + availability, STARTUP, () -> {
                JsonNode node = manager.fetchJson("/nodes/" + nodeId);
                ObjectNode spec = node.path("Spec").deepCopy();
                if (!availability.equals(spec.path("Availability").asText())) {
                    spec.put("Availability", availability);
                    manager.sendJson(HttpMethod.POST, "/nodes/" + nodeId + "/update?version="
                            + node.path("Version").path("Index").asLong(), spec);
                }
                return manager.fetchJson("/nodes/" + nodeId).path("Spec").path("Availability").asText();
            }, availability::equals);
        }

        /** The node's state as the manager reports it ({@code ready}, {@code down}, ...). */
        public String state() {
            return manager.fetchJson("/nodes/" + nodeId).path("Status").path("State").asText();
        }

        /**
         * The node fails as a machine does when it loses power: its dockerd, containerd and every container on it
         * are killed (SIGKILL); its data stays for {@link #start()}.
         */
        public void kill() {
            closeEngine();
            Processes.killAll(processesOf(nodeDir));
            awaitGone(dockerd);
            dockerd = null;
        }

        /** Stops the node's dockerd the way {@code systemctl stop docker} does (SIGTERM: it stops its containers). */
        public void stop() {
            closeEngine();
            if (dockerd != null && dockerd.isAlive()) {
                dockerd.destroy();
                try {
                    if (!dockerd.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
                        throw new AssertionError(name + "'s dockerd did not stop within " + STARTUP.toSeconds()
                                + "s: " + log());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while stopping " + name, e);
                }
            }
            dockerd = null;
        }

        /** Starts the node's dockerd (again) on its data; it rejoins the swarm by itself. Waits until it answers. */
        public void start() {
            launch();
            awaitEngine();
        }

        /** {@link #stop()}, then {@link #start()}: {@code systemctl restart docker}. */
        public void restart() {
            stop();
            start();
        }

        @Override
        public String toString() {
            return name + (nodeId.isEmpty() ? "" : " (" + nodeId + ")");
        }

        private void createNamespace() {
            String namespace = namespace(name);
            String lan = namespace("lan");
            Processes.run("ip", "netns", "add", namespace);
            Processes.run("ip", "-n", lan, "link", "add", name, "type", "veth", "peer", "name", "eth0", "netns",
                    namespace);
            Processes.run("ip", "-n", lan, "link", "set", name, "master", "lan0", "up");
            Processes.run("ip", "-n", namespace, "link", "set", "lo", "up");
            Processes.run("ip", "-n", namespace, "addr", "add", address() + "/24", "dev", "eth0");
            Processes.run("ip", "-n", namespace, "link", "set", "eth0", "up");
            // the default bridge of the node's dockerd, inside its namespace
            Processes.run("ip", "-n", namespace, "link", "add", "nodebr0", "type", "bridge");
            Processes.run("ip", "-n", namespace, "addr", "add", "198.18.254.1/24", "dev", "nodebr0");
            try {
                Files.createDirectories(nodeDir);
                Files.writeString(nodeDir.resolve("daemon.json"), "{}");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + nodeDir, e);
            }
            // 127.0.0.1:<registry port> inside reaches the registry through the host's forwarder
            helpers.add(startIn(namespace, nodeDir.resolve("forward-registry.log"), "busybox", "nc", "-ll", "-p",
                    String.valueOf(registryPort), "-e", "busybox", "nc", hostAddress, String.valueOf(registryPort)));
        }

        private void launch() {
            if (dockerd != null && dockerd.isAlive()) {
                throw new IllegalStateException(name + "'s dockerd runs already");
            }
            Path log = nodeDir.resolve("dockerd.log");
            String command = "hostname " + name + " && exec dockerd --config-file " + nodeDir.resolve("daemon.json")
                    + " --data-root " + nodeDir.resolve("data") + " --exec-root " + nodeDir.resolve("exec")
                    + " --pidfile " + nodeDir.resolve("dockerd.pid") + " -H " + host()
                    + " --bridge=nodebr0 --iptables=false --ip6tables=false --ip-forward=false";
            dockerd = startIn(namespace(name), log, "unshare", "--uts", "sh", "-c", command);
        }

        private void awaitEngine() {
            Process process = dockerd;
            engine = EngineConnection.open(EngineSettings.forHost(host(), Map.of()));
            SandboxSwarm.await(name + "'s dockerd (log " + nodeDir.resolve("dockerd.log") + ")", STARTUP, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + "'s dockerd exited: " + log());
                }
                engine.ping();
                return true;
            }, up -> up);
        }

        private void closeEngine() {
            if (engine != null) {
                engine.close();
                engine = null;
            }
        }

        private Process startIn(String namespace, Path log, String... command) {
            List<String> full = new ArrayList<>(List.of("nsenter", "--net=/var/run/netns/" + namespace));
            full.addAll(List.of(command));
            try {
                return new ProcessBuilder(full).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }
    }

    // ---- removal

    /** Removes the cluster from the machine: every step runs even when one fails; the first failure is thrown. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) the removal
        }
        removeOnce();
    }

    private synchronized void removeOnce() {
        if (removed) {
            return;
        }
        removed = true;
        List<Runnable> steps = new ArrayList<>();
        steps.add(() -> {
            if (manager != null) {
                manager.close();
            }
        });
        nodes.forEach(node -> steps.add(node::closeEngine));
        steps.add(this::cutRegistry);
        steps.add(() -> remove(id, dir));
        RuntimeException failure = SandboxSwarm.runAll(steps);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Removes what a cluster put on the machine, whether its run still holds it ({@link #close()}) or was killed
     * ({@link #removeLeftoversOfEarlierRuns()}): its processes (the dockerds, their containerd, shims and
     * containers, the forwarders in its namespaces), its mounts and directory, its namespaces and veth pair.
     */
    private static void remove(String id, Path dir) {
        List<Runnable> steps = new ArrayList<>();
        List<String> namespaces = namespacesOf(id);
        steps.add(() -> {
            Set<ProcessHandle> processes = new LinkedHashSet<>(processesOf(dir));
            for (String namespace : namespaces) {
                for (String pid : Processes.run("ip", "netns", "pids", namespace).trim().split("\\s+")) {
                    if (!pid.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(processes::add);
                    }
                }
            }
            Processes.killAll(processes);
        });
        steps.add(() -> unmountAndDelete(dir));
        steps.add(() -> {
            if (Processes.run("ip", "-o", "link", "show").contains(" " + hostLink(id) + "@")) {
                Processes.run("ip", "link", "del", hostLink(id));
            }
        });
        for (String namespace : namespaces) {
            steps.add(() -> Processes.run("ip", "netns", "del", namespace));
        }
        steps.add(() -> {
            List<String> left = new ArrayList<>(namespacesOf(id));
            if (Processes.run("ip", "-o", "link", "show").contains(" " + hostLink(id) + "@")) {
                left.add("link " + hostLink(id));
            }
            processesOf(dir).forEach(process -> left.add("process " + process.pid() + " "
                    + process.info().commandLine().orElse("")));
            if (Files.exists(dir)) {
                left.add("directory " + dir);
            }
            if (!left.isEmpty()) {
                throw new AssertionError("cluster " + id + " left behind: " + left);
            }
        });
        RuntimeException failure = SandboxSwarm.runAll(steps);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A run killed before its cleanup (kill -9, a CI job cancelled hard) leaves its cluster behind: removed here,
     * only when the JVM that made it no longer runs (another test run may be using its own right now).
     */
    static void removeLeftoversOfEarlierRuns() {
        Set<String> ids = new LinkedHashSet<>();
        try (Stream<Path> entries = Files.list(TMP)) {
            entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(PREFIX))
                    .forEach(name -> ids.add(name.substring(PREFIX.length())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + TMP, e);
        }
        for (String line : Processes.run("ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith("swc-") && name.indexOf('-', 4) > 4) {
                ids.add(name.substring(4, name.indexOf('-', 4)));
            }
        }
        for (String id : ids) {
            Path dir = TMP.resolve(PREFIX + id);
            if (!isOwnerAlive(dir)) {
                remove(id, dir);
            }
        }
    }

    /** Whether the JVM recorded in the cluster's directory still runs (or the directory is too new to judge). */
    private static boolean isOwnerAlive(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            Path owner = dir.resolve("owner");
            if (!Files.exists(owner)) {
                return Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minus(UNOWNED_GRACE));
            }
            String[] fields = Files.readString(owner).trim().split(" ");
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(fields[0]));
            return process.isPresent() && process.get().info().startInstant().map(Instant::toString)
                    .orElse("?").equals(fields[1]);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> namespacesOf(String id) {
        List<String> found = new ArrayList<>();
        for (String line : Processes.run("ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith("swc-" + id + "-")) {
                found.add(name);
            }
        }
        // the LAN last: node links hang on it
        found.sort(Comparator.comparing((String name) -> name.endsWith("-lan")));
        return found;
    }

    /** Processes whose command line names the directory (dockerd, containerd, shims), and everything below them. */
    private static Set<ProcessHandle> processesOf(Path dir) {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        for (ProcessHandle process : Processes.withCommandLineContaining(dir.toString() + "/")) {
            found.add(process);
            process.descendants().forEach(found::add);
        }
        return found;
    }

    private static void unmountAndDelete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        // dockerd leaves overlay mounts and namespace files of its sandboxes mounted under its roots
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String mountPoint = line.split(" ")[1];
                if (mountPoint.startsWith(dir + "/")) {
                    mounts.add(mountPoint);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/mounts", e);
        }
        Collections.reverse(mounts);
        mounts.forEach(mountPoint -> Processes.run("umount", "-l", mountPoint));
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
        if (Files.exists(dir)) {
            throw new AssertionError("the cluster's directory " + dir + " could not be removed");
        }
    }

    private static void awaitGone(Process process) {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("a killed dockerd still runs: " + process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a dockerd to die", e);
        }
    }

    private String namespace(String node) {
        return "swc-" + id + "-" + node;
    }

    private static String hostLink(String id) {
        return "swc" + id;
    }
}
