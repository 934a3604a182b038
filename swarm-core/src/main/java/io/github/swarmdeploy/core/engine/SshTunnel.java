package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import io.github.swarmdeploy.core.event.EventListener;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The SSH transport: ONE sshj connection to the manager, and a local endpoint docker-java talks plain HTTP to.
 * Every connection docker-java opens to the endpoint becomes one exec channel on that SSH connection running
 * {@code docker system dial-stdio} (as the docker CLI does), and bytes are pumped both ways.
 *
 * <p>Why dial-stdio rather than a stream-local forward of the remote {@code /var/run/docker.sock}: sshj has no
 * {@code direct-streamlocal} channel; dial-stdio works wherever the docker CLI works over SSH (rootless engines,
 * a remote {@code DOCKER_HOST}, servers with {@code AllowStreamLocalForwarding no}); and when the user may not
 * use Docker the remote command says why on stderr, where a refused forward only says "open failed".
 *
 * <p>The local endpoint is a Unix socket in a fresh directory only this user can enter (a loopback TCP port
 * would let every local user reach the remote engine while a deploy runs); on Windows, where docker-java has no
 * Unix sockets, a loopback port.
 */
final class SshTunnel implements AutoCloseable {

    /** OpenSSH allows 10 session channels per connection by default (MaxSessions); stay below. */
    static final int MAX_CHANNELS = 8;

    private static final int BUFFER = 32 * 1024;
    private static final long EXIT_STATUS_WAIT_SECONDS = 5;
    private static final LoggerFactory QUIET = new LoggerFactory() {
        @Override
        public Logger getLogger(String name) {
            return NOPLogger.NOP_LOGGER;
        }

        @Override
        public Logger getLogger(Class<?> type) {
            return NOPLogger.NOP_LOGGER;
        }
    };

    private final SSHClient ssh;
    private final Target target;
    private final String remoteCommand;
    private final EventListener events;
    private final ExecutorService threads;
    private final Set<Closeable> openResources = ConcurrentHashMap.newKeySet();
    private final AtomicInteger channelCount = new AtomicInteger();
    private ServerSocketChannel listener;
    private Path socketDirectory;
    private URI endpoint;
    private volatile SshConnectionException failure;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closing;

    /** Where to log in: user, host, port, and the remote engine socket when the URI names one. */
    record Target(String user, String host, int port, String remoteSocket) {

        static Target of(URI uri, String defaultUser) {
            String userInfo = uri.getUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                throw new EngineConfigurationException("engine host " + uri.getScheme() + "://" + uri.getHost()
                        + ": a password in an ssh:// host is not supported; use a key (" + Option.SSH_KEY_FILE + " or $"
                        + SshSettings.DEFAULT_KEY_ENV + ")");
            }
            String user = userInfo == null || userInfo.isBlank() ? defaultUser : userInfo;
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Target(user, host, uri.getPort() < 0 ? 22 : uri.getPort(), uri.getPath());
        }

        /** {@code user@host:port}, for messages. */
        @Override
        public String toString() {
            return user + "@" + host + ":" + port;
        }
    }

    private SshTunnel(SSHClient ssh, Target target, EventListener events) {
        this.ssh = ssh;
        this.target = target;
        this.remoteCommand = DialStdio.command(target.remoteSocket());
        this.events = events;
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "swarm-ssh-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Logs in to the host of {@code settings} (keys and host keys checked first, each problem reported as an
     * {@link SshConnectionException} saying what to do) and opens the local endpoint.
     */
    static SshTunnel open(EngineSettings settings, EventListener events) {
        SshSettings sshSettings = settings.ssh();
        Target target = Target.of(settings.host(), sshSettings.defaultUser());
        DefaultConfig config = new DefaultConfig();
        config.setLoggerFactory(QUIET);
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        List<SshKeys.LoadedKey> keys = SshKeys.load(sshSettings, config);
        HostKeyCheck hostKeys = HostKeyCheck.load(sshSettings, events);

        SSHClient ssh = new SSHClient(config);
        SshTunnel tunnel = new SshTunnel(ssh, target, events);
        try {
            ssh.addHostKeyVerifier(hostKeys);
            int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
            ssh.setConnectTimeout(timeoutMillis);
            ssh.getTransport().setTimeoutMs(timeoutMillis);
            ssh.getConnection().getKeepAlive().setKeepAliveInterval((int) sshSettings.keepAliveInterval().toSeconds());
            ((KeepAliveRunner) ssh.getConnection().getKeepAlive()).setMaxAliveCount(SshSettings.KEEP_ALIVE_MAX_MISSED);
            ssh.getTransport().setDisconnectListener(tunnel::connectionDropped);
            tunnel.connect(hostKeys, settings);
            tunnel.authenticate(keys, sshSettings);
            tunnel.listen();
            return tunnel;
        } catch (RuntimeException e) {
            tunnel.close();
            throw e;
        }
    }

    private void connect(HostKeyCheck hostKeys, EngineSettings settings) {
        events.debug("SSH: connecting to " + target);
        try {
            ssh.connect(target.host(), target.port());
        } catch (TransportException e) {
            if (hostKeys.rejection().isPresent()) {
                throw hostKeys.rejection().get();
            }
            throw new SshConnectionException(Reason.UNREACHABLE, "SSH handshake with " + target.host() + ":"
                    + target.port() + " failed: " + e.getMessage(), e);
        } catch (ConnectException e) {
            throw unreachable("connection refused - is an SSH server listening on port " + target.port() + "?", e);
        } catch (SocketTimeoutException e) {
            throw unreachable("no answer within " + settings.connectTimeout().toSeconds() + "s (connect timed out)"
                    + " - host down, or a firewall drops port " + target.port() + "?", e);
        } catch (UnknownHostException e) {
            throw unreachable("unknown host name " + target.host(), e);
        } catch (NoRouteToHostException e) {
            throw unreachable("no route to host", e);
        } catch (IOException e) {
            throw unreachable(e.getMessage(), e);
        }
        events.debug("SSH: connected to " + target + " (" + ssh.getTransport().getServerVersion() + ")");
    }

    private SshConnectionException unreachable(String why, Exception cause) {
        return new SshConnectionException(Reason.UNREACHABLE, "cannot connect to the SSH server " + target.host() + ":"
                + target.port() + ": " + why, cause);
    }

    private void authenticate(List<SshKeys.LoadedKey> keys, SshSettings settings) {
        List<KeyProvider> providers = keys.stream().map(SshKeys.LoadedKey::provider).collect(Collectors.toList());
        try {
            ssh.authPublickey(target.user(), providers);
        } catch (UserAuthException e) {
            String tried = keys.stream().map(SshKeys.LoadedKey::describe).collect(Collectors.joining(", "));
            String unset = settings.usesDefaultKeys() && settings.unsetKeyEnvironmentVariable().isPresent()
                    ? " ($" + settings.unsetKeyEnvironmentVariable().get() + " is not set)" : "";
            throw new SshConnectionException(Reason.AUTHENTICATION_FAILED, "SSH authentication as " + target.user()
                    + " on " + target.host() + ":" + target.port() + " failed: the server accepted none of the keys "
                    + "tried: " + tried + unset + ". Add the public key to ~" + target.user()
                    + "/.ssh/authorized_keys on the server, or choose another key with " + Option.SSH_KEY_FILE + " or $"
                    + SshSettings.DEFAULT_KEY_ENV + " (" + Option.SSH_KEY_ENV + ")", e);
        } catch (TransportException e) {
            throw new SshConnectionException(Reason.UNREACHABLE, "SSH connection to " + target
                    + " broke during login: " + e.getMessage(), e);
        }
        events.debug("SSH: logged in as " + target.user() + " with "
                + keys.stream().map(SshKeys.LoadedKey::describe).collect(Collectors.joining(" or ")));
    }

    private void listen() {
        try {
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                listener = ServerSocketChannel.open();
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
                InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
                endpoint = URI.create("tcp://" + bound.getAddress().getHostAddress() + ":" + bound.getPort());
            } else {
                socketDirectory = Files.createTempDirectory("swarm-ssh-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path socket = socketDirectory.resolve("docker.sock");
                listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                listener.bind(UnixDomainSocketAddress.of(socket), 16);
                endpoint = URI.create("unix://" + socket);
            }
        } catch (IOException e) {
            throw new EngineException("cannot open a local endpoint for the SSH tunnel: " + e.getMessage(), e);
        }
        threads.execute(this::acceptConnections);
        events.debug("SSH: docker-java reaches " + target + " through " + endpoint + " (docker system dial-stdio)");
    }

    /** Where docker-java connects. */
    URI endpoint() {
        return endpoint;
    }

    /** {@code user@host:port}. */
    String target() {
        return target.toString();
    }

    /** A mark to pass to {@link #failureSince(long)}: taken before a request. */
    long failureMark() {
        return failures.get();
    }

    /**
     * Why the tunnel failed to carry a connection after {@code mark} was taken, or that the SSH connection is
     * lost (whenever that happened); empty when neither.
     */
    Optional<SshConnectionException> failureSince(long mark) {
        SshConnectionException known = failure;
        if (known != null && (known.reason() == Reason.CONNECTION_LOST || failures.get() > mark)) {
            return Optional.of(known);
        }
        return Optional.empty();
    }

    private void acceptConnections() {
        while (!closing) {
            SocketChannel local;
            try {
                local = listener.accept();
            } catch (IOException e) {
                if (!closing) {
                    record(new SshConnectionException(Reason.CONNECTION_LOST, "the local endpoint of the SSH tunnel to "
                            + target + " failed: " + e.getMessage(), e));
                }
                return;
            }
            threads.execute(() -> carry(local));
        }
    }

    /** One docker-java connection: one exec channel running dial-stdio, bytes pumped both ways. */
    private void carry(SocketChannel local) {
        openResources.add(local);
        Session session = null;
        Session.Command command = null;
        try {
            try {
                session = ssh.startSession();
                command = session.exec(remoteCommand);
            } catch (IOException | RuntimeException e) {
                record(channelFailure(e));
                return;
            }
            int open = channelCount.incrementAndGet();
            events.debug("SSH: channel opened for an engine connection (" + open + " open)");
            Session.Command running = command;
            openResources.add(running);
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            threads.execute(() -> drain(running.getErrorStream(), stderr));
            threads.execute(() -> upstream(local, running));
            boolean complete = downstream(running, local);
            if (complete) {
                try {
                    running.join(EXIT_STATUS_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (IOException e) {
                    // no exit status: judged below
                }
            }
            Integer exit = running.getExitStatus();
            if (!ssh.isConnected() || !ssh.getTransport().isRunning()) {
                record(lost("the connection closed"));
            } else if (exit != null && exit != 0) {
                String said;
                synchronized (stderr) {
                    said = stderr.toString(StandardCharsets.UTF_8);
                }
                record(DialStdio.failure(target.host() + ":" + target.port(), target.user(), exit, said));
            } else if (!complete && !closing) {
                events.debug("SSH: an engine connection ended abnormally");
            }
        } finally {
            quietlyClose(local);
            if (command != null) {
                quietlyClose(command);
                channelCount.decrementAndGet();
            }
            if (session != null) {
                quietlyClose(session);
            }
        }
    }

    /** Remote stdout to docker-java, until the remote closes it; true when it ended normally. */
    private boolean downstream(Session.Command command, SocketChannel local) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = command.getInputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    local.write(chunk);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** docker-java's requests to the remote stdin; its end of stream becomes the channel's EOF. */
    private void upstream(SocketChannel local, Session.Command command) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            OutputStream out = command.getOutputStream();
            while (local.read(buffer) >= 0) {
                buffer.flip();
                out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                out.flush();
                buffer.clear();
            }
            out.close();
        } catch (IOException e) {
            quietlyClose(command);
        }
    }

    private static void drain(InputStream errors, ByteArrayOutputStream into) {
        byte[] buffer = new byte[1024];
        try {
            int read;
            while ((read = errors.read(buffer)) >= 0) {
                synchronized (into) {
                    if (into.size() < 8192) {
                        into.write(buffer, 0, read);
                    }
                }
            }
        } catch (IOException e) {
            // the channel ended; what arrived is kept
        }
    }

    private SshConnectionException channelFailure(Exception e) {
        if (!ssh.isConnected() || !ssh.getTransport().isRunning()) {
            return lost(e.getMessage());
        }
        return new SshConnectionException(Reason.CHANNEL_REFUSED, "the SSH server " + target.host() + ":"
                + target.port() + " refused to run docker system dial-stdio for " + target.user() + ": " + e.getMessage()
                + " (a ForceCommand, a restricted key in authorized_keys, or MaxSessions below " + MAX_CHANNELS + "?)", e);
    }

    private void connectionDropped(DisconnectReason reason, String message) {
        if (!closing) {
            record(lost(message == null || message.isBlank() ? reason.toString() : message));
        }
    }

    private SshConnectionException lost(String why) {
        SshConnectionException known = failure;
        if (known != null && known.reason() == Reason.CONNECTION_LOST) {
            return known;
        }
        return new SshConnectionException(Reason.CONNECTION_LOST, "lost the SSH connection to " + target + " ("
                + why + ")");
    }

    private void record(SshConnectionException problem) {
        SshConnectionException known = failure;
        if (known != null && known.reason() == Reason.CONNECTION_LOST) {
            return; // the first cause of a dead connection is the one worth telling
        }
        failure = problem;
        failures.incrementAndGet();
        events.debug("SSH: " + problem.getMessage());
    }

    private void quietlyClose(AutoCloseable resource) {
        if (resource instanceof Closeable closeable) {
            openResources.remove(closeable);
        }
        try {
            resource.close();
        } catch (Exception ignored) {
            // closing after a failure: the failure is what matters
        }
    }

    @Override
    public void close() {
        closing = true;
        if (listener != null) {
            quietlyClose(listener);
        }
        for (Closeable resource : List.copyOf(openResources)) {
            quietlyClose(resource);
        }
        try {
            ssh.disconnect();
        } catch (IOException ignored) {
            // nothing left to tell the user
        }
        threads.shutdownNow();
        if (socketDirectory != null) {
            try {
                Files.deleteIfExists(socketDirectory.resolve("docker.sock"));
                Files.deleteIfExists(socketDirectory);
            } catch (IOException ignored) {
                // a stale directory in the temp dir is harmless
            }
        }
    }
}
