package io.github.swarmdeploy.core.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second swarm node for a test: a dockerd of its own in a network namespace the test creates, joined to the
 * sandbox swarm as a worker, labelled {@code io.github.swarmdeploy.test.worker=<id>} so that a test can constrain
 * its services to it, and removed again by {@link #close()} (swarm leave, node removal on the manager, dockerd
 * stopped, forwarders stopped, namespace and veth pair deleted, its directories removed).
 *
 * <p>The namespace has a veth pair to the host ({@code 198.19.<a>.<4b+1>/30} host side, {@code .+1} worker side)
 * and nothing else; the worker's dockerd gets a bridge of its own inside the namespace (never the host's docker0).
 * Inside the namespace, {@code 127.0.0.1:5000} (the sandbox registry) and {@code 127.0.0.1:2377} (the manager,
 * which advertises 127.0.0.1) are forwarded over the veth pair by busybox {@code nc}; on the host a forwarder
 * bound to the host-side address passes registry connections on to the registry on loopback. So the worker pulls
 * the same {@code 127.0.0.1:5000/...@sha256:...} images the manager does.
 *
 * <p>Needs root, {@code ip}, {@code nsenter}, {@code dockerd} and {@code busybox}: when one is missing, the test
 * fails under {@code CI=true} and is skipped elsewhere ({@link SandboxSwarm#unavailable}).
 */
public final class WorkerNode implements AutoCloseable {

    /** The node label that names a worker of this class: constrain with {@code node.labels.<LABEL> == <id>}. */
    public static final String LABEL = "io.github.swarmdeploy.test.worker";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final String id;
    private final String namespace;
    private final String hostVeth;
    private final String hostAddress;
    private final String workerAddress;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::removeOnce, "worker-node-removal");
    private boolean removed;
    private Path dir;
    private boolean namespaceCreated;
    private boolean vethCreated;
    private Process dockerd;
    private RegistryForwarder registryForwarder;
    private EngineConnection engine;
    private String nodeId;

    private WorkerNode() {
        id = SandboxSwarm.uniqueStack("w").substring(2, 10);
        namespace = "swarm-worker-" + id;
        hostVeth = "swmh" + id;
        int a = RANDOM.nextInt(256);
        int b = RANDOM.nextInt(64);
        hostAddress = "198.19." + a + "." + (4 * b + 1);
        workerAddress = "198.19." + a + "." + (4 * b + 2);
    }

    /**
     * Starts a worker and joins it to the swarm of the sandbox manager; waits until the manager reports it ready.
     * On any failure what was started is removed again before the failure is thrown.
     */
    public static WorkerNode join() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw SandboxSwarm.unavailable("a second swarm node (dockerd in a network namespace) needs root", null);
        }
        for (String tool : new String[] {"ip", "nsenter", "dockerd", "busybox"}) {
            if (!Processes.isOnPath(tool)) {
                throw SandboxSwarm.unavailable("no " + tool + " on the PATH (needed for a second swarm node)", null);
            }
        }
        WorkerNode worker = new WorkerNode();
        // a run stopped from outside (Ctrl-C, SIGTERM) still takes the worker out of the swarm
        Runtime.getRuntime().addShutdownHook(worker.shutdownHook);
        try (EngineConnection manager = SandboxSwarm.requireManager()) {
            worker.start(manager);
            return worker;
        } catch (RuntimeException | Error e) {
            try {
                worker.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The random part of the names of this worker (namespace, interfaces) and the value of its {@link #LABEL}. */
    public String id() {
        return id;
    }

    /** The worker's swarm node ID. */
    public String nodeId() {
        return nodeId;
    }

    /** A connection to the worker's own engine (what runs on this node), open until {@link #close()}. */
    public EngineConnection engine() {
        return engine;
    }

    private void start(EngineConnection manager) {
        removeDownWorkersOfEarlierRuns(manager);
        JsonNode swarm = manager.fetchJson("/info").path("Swarm");
        String managerAddress = swarm.path("RemoteManagers").path(0).path("Addr").asText();
        int managerPort = Integer.parseInt(managerAddress.substring(managerAddress.lastIndexOf(':') + 1));
        String registry = SandboxSwarm.registry();
        int registryPort = Integer.parseInt(registry.substring(registry.lastIndexOf(':') + 1));
        String hostAddresses = Processes.run("ip", "-o", "-4", "addr", "show");
        if (hostAddresses.contains(" " + hostAddress.substring(0, hostAddress.lastIndexOf('.') + 1))) {
            throw new AssertionError("the host already has an address in " + hostAddress + "/30's /24; run again");
        }
        try {
            dir = Files.createTempDirectory("swarm-worker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the worker's directory", e);
        }

        // the namespace and its link to the host
        Processes.run("ip", "netns", "add", namespace);
        namespaceCreated = true;
        Processes.run("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", "swmw" + id);
        vethCreated = true;
        Processes.run("ip", "link", "set", "swmw" + id, "netns", namespace);
        Processes.run("ip", "addr", "add", hostAddress + "/30", "dev", hostVeth);
        Processes.run("ip", "link", "set", hostVeth, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        inNamespace("ip", "addr", "add", workerAddress + "/30", "dev", "swmw" + id);
        inNamespace("ip", "link", "set", "swmw" + id, "up");
        // the worker's default bridge, inside its namespace: the host's docker0 stays untouched
        inNamespace("ip", "link", "add", "workerbr0", "type", "bridge");
        inNamespace("ip", "addr", "add", "198.18.254.1/24", "dev", "workerbr0");

        // 127.0.0.1:<registry port> and 127.0.0.1:<manager port> inside reach the host over the veth pair
        registryForwarder = new RegistryForwarder(hostAddress, registryPort);
        startInNamespace(dir.resolve("forward-registry.log"), "busybox", "nc", "-ll", "-p", String.valueOf(registryPort),
                "-e", "busybox", "nc", hostAddress, String.valueOf(registryPort));
        startInNamespace(dir.resolve("forward-manager.log"), "busybox", "nc", "-ll", "-p", String.valueOf(managerPort),
                "-e", "busybox", "nc", hostAddress, String.valueOf(managerPort));

        // the worker's engine
        Path log = dir.resolve("dockerd.log");
        try {
            Path config = Files.writeString(dir.resolve("daemon.json"), "{}");
            dockerd = startInNamespace(log, "dockerd", "--config-file", config.toString(),
                    "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("dockerd.pid").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
                    "--bridge=workerbr0", "--iptables=false", "--ip6tables=false", "--ip-forward=false");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the worker's daemon.json", e);
        }
        engine = EngineConnection.open(EngineSettings.forHost("unix://" + dir.resolve("docker.sock"), Map.of()));
        SandboxSwarm.await("the worker's dockerd (log " + log + ")", STARTUP, () -> {
            if (!dockerd.isAlive()) {
                throw new AssertionError("the worker's dockerd exited: " + Processes.readLog(log));
            }
            engine.ping();
            return true;
        }, up -> up);
        String registryCheck = inNamespace("busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:" + registryPort + "/v2/");
        if (!registryCheck.trim().equals("{}")) {
            throw new AssertionError("the registry does not answer inside the worker's namespace: " + registryCheck);
        }

        // join with the worker token, through the host-side address (the manager listens on all addresses)
        String token = manager.fetchJson("/swarm").path("JoinTokens").path("Worker").asText();
        engine.sendJson(Method.POST, "/swarm/join", Map.of(
                "ListenAddr", workerAddress + ":" + managerPort,
                "AdvertiseAddr", workerAddress,
                "RemoteAddrs", List.of(hostAddress + ":" + managerPort),
                "JoinToken", token));
        nodeId = engine.fetchJson("/info").path("Swarm").path("NodeID").asText();
        if (nodeId.isEmpty()) {
            throw new AssertionError("the worker joined but reports no node ID: " + engine.fetchJson("/info").path("Swarm"));
        }
        SandboxSwarm.await("worker node " + nodeId + " ready and labelled " + LABEL + "=" + id, STARTUP, () -> {
            JsonNode node = manager.fetchJson("/nodes/" + nodeId);
            if (!id.equals(node.path("Spec").path("Labels").path(LABEL).asText())) {
                ObjectNode spec = node.path("Spec").deepCopy();
                ObjectNode labels = spec.path("Labels").isObject() ? (ObjectNode) spec.get("Labels")
                        : spec.putObject("Labels");
                labels.put(LABEL, id);
                manager.sendJson(Method.POST, "/nodes/" + nodeId + "/update?version="
                        + node.path("Version").path("Index").asLong(), spec);
                node = manager.fetchJson("/nodes/" + nodeId);
            }
            return node;
        }, node -> "ready".equals(node.path("Status").path("State").asText())
                && id.equals(node.path("Spec").path("Labels").path(LABEL).asText()));
    }

    /** A run killed before its cleanup leaves its worker node behind, down: only nodes with {@link #LABEL}. */
    private static void removeDownWorkersOfEarlierRuns(EngineConnection manager) {
        for (JsonNode node : manager.fetchJson("/nodes")) {
            if ("down".equals(node.path("Status").path("State").asText())
                    && node.path("Spec").path("Labels").has(LABEL)) {
                SandboxSwarm.delete(manager, "/nodes/" + node.path("ID").asText() + "?force=true");
            }
        }
    }

    /**
     * Removes the worker from the swarm and the machine: every step runs even when one fails; the first failure
     * is thrown at the end with the others suppressed.
     */
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
            if (engine != null && nodeId != null) {
                engine.sendJson(Method.POST, "/swarm/leave?force=true", null);
            }
        });
        steps.add(() -> {
            if (nodeId != null && !nodeId.isEmpty()) {
                try (EngineConnection manager = SandboxSwarm.requireManager()) {
                    SandboxSwarm.delete(manager, "/nodes/" + nodeId + "?force=true");
                }
            }
        });
        steps.add(() -> {
            if (engine != null) {
                engine.close();
            }
        });
        steps.add(() -> stop(dockerd, Duration.ofSeconds(60)));
        steps.add(() -> processes.forEach(process -> stop(process, Duration.ofSeconds(10))));
        steps.add(() -> {
            if (registryForwarder != null) {
                registryForwarder.close();
            }
        });
        steps.add(() -> {
            // what still runs inside the namespace was started by this worker (container shims, nc children)
            if (namespaceCreated) {
                for (String pid : Processes.run("ip", "netns", "pids", namespace).trim().split("\\s+")) {
                    if (!pid.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> process.destroyForcibly());
                    }
                }
            }
        });
        steps.add(() -> {
            if (vethCreated) {
                Processes.run("ip", "link", "del", hostVeth);
            }
        });
        steps.add(() -> {
            if (namespaceCreated) {
                Processes.run("ip", "netns", "del", namespace);
            }
        });
        steps.add(this::removeDirectory);
        RuntimeException failure = SandboxSwarm.runAll(steps);
        if (failure != null) {
            throw failure;
        }
    }

    private void removeDirectory() {
        if (dir == null) {
            return;
        }
        // dockerd leaves namespace files of its sandboxes mounted under the exec root
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
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
            throw new AssertionError("the worker's directory " + dir + " could not be removed");
        }
    }

    private String inNamespace(String... command) {
        return Processes.run(withNamespace(command));
    }

    private Process startInNamespace(Path log, String... command) {
        try {
            Process process = new ProcessBuilder(withNamespace(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    private String[] withNamespace(String... command) {
        String[] full = new String[command.length + 2];
        full[0] = "nsenter";
        full[1] = "--net=/var/run/netns/" + namespace;
        System.arraycopy(command, 0, full, 2, command.length);
        return full;
    }

    private static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping " + process.info().command().orElse("a process"), e);
        }
    }

    /** Passes connections to {@code <host-side address>:<port>} on to the registry on {@code 127.0.0.1:<port>}. */
    private static final class RegistryForwarder implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

        RegistryForwarder(String address, int port) {
            try {
                server = new ServerSocket(port, 50, InetAddress.getByName(address));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
            }
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket registry = new Socket(InetAddress.getLoopbackAddress(), port);
                        sockets.add(client);
                        sockets.add(registry);
                        pipe(client, registry);
                        pipe(registry, client);
                    } catch (IOException e) {
                        // closed, or the registry refused: the worker's pull fails and says so
                    }
                }
            }, "registry-forwarder-" + port);
            accept.setDaemon(true);
            accept.start();
        }

        private static void pipe(Socket from, Socket to) {
            Thread copy = new Thread(() -> {
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    in.transferTo(out);
                    to.shutdownOutput();
                    if (from.isOutputShutdown()) {
                        from.close();
                        to.close();
                    }
                } catch (IOException e) {
                    // one side closed: so does the other
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "registry-forwarder-pipe");
            copy.setDaemon(true);
            copy.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() {
            try {
                server.close();
                synchronized (sockets) {
                    for (Socket socket : sockets) {
                        socket.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the registry forwarder", e);
            }
        }
    }
}
