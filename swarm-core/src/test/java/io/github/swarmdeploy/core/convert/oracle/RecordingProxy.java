package io.github.swarmdeploy.core.convert.oracle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A unix-socket proxy in front of the engine that records every HTTP request a client sends through it, so
 * that the oracle can compare the request bodies the docker CLI sends with ours (the engine drops fields it
 * does not know, e.g. a healthcheck's StartInterval on API 1.41, so reading objects back cannot show them).
 */
public final class RecordingProxy implements AutoCloseable {

    /** One request as sent: method, path (with the API version prefix docker uses) and body. */
    public record Request(String method, String path, byte[] body) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Path socket;
    private final SocketAddress upstream;
    private final ServerSocketChannel server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "recording-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();

    private RecordingProxy(Path socket, SocketAddress upstream) throws IOException {
        this.socket = socket;
        this.upstream = upstream;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        threads.execute(this::accept);
    }

    /** Listens on {@code socket}; forwards to the engine at {@code dockerHost} (unix:// or tcp://). */
    public static RecordingProxy start(Path socket, String dockerHost) {
        URI host = URI.create(dockerHost);
        SocketAddress upstream = host.getScheme().equals("unix") ? UnixDomainSocketAddress.of(host.getPath())
                : new InetSocketAddress(host.getHost(), host.getPort());
        try {
            return new RecordingProxy(socket, upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + socket, e);
        }
    }

    /** The DOCKER_HOST value that reaches the engine through this proxy. */
    public String dockerHost() {
        return "unix://" + socket;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(upstream);
                ByteArrayOutputStream recorded = new ByteArrayOutputStream();
                connections.add(recorded);
                threads.execute(() -> pump(client, engine, recorded));
                threads.execute(() -> pump(engine, client, null));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(SocketChannel from, SocketChannel to, ByteArrayOutputStream recorded) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try (from; to) {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                if (recorded != null) {
                    synchronized (recorded) {
                        recorded.write(buffer.array(), 0, buffer.limit());
                    }
                }
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // the other side closed the connection
        }
    }

    /** Every request recorded so far, per connection in order. */
    public List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        for (ByteArrayOutputStream connection : connections) {
            byte[] bytes;
            synchronized (connection) {
                bytes = connection.toByteArray();
            }
            parse(bytes, requests);
        }
        return requests;
    }

    /** HTTP/1.1 requests one after the other: request line, headers, body by Content-Length or chunked. */
    static void parse(byte[] bytes, List<Request> into) {
        int position = 0;
        while (position < bytes.length) {
            int headerEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), position);
            if (headerEnd < 0) {
                return;
            }
            String[] head = new String(bytes, position, headerEnd - position, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = head[0].split(" ");
            long length = 0;
            boolean chunked = false;
            for (int i = 1; i < head.length; i++) {
                String header = head[i].toLowerCase(Locale.ROOT);
                if (header.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring("content-length:".length()).trim());
                } else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
                    chunked = true;
                }
            }
            position = headerEnd + 4;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    int lineEnd = indexOf(bytes, "\r\n".getBytes(StandardCharsets.US_ASCII), position);
                    int size = Integer.parseInt(new String(bytes, position, lineEnd - position, StandardCharsets.US_ASCII)
                            .split(";")[0].trim(), 16);
                    position = lineEnd + 2;
                    if (size == 0) {
                        position += 2;
                        break;
                    }
                    body.write(bytes, position, size);
                    position += size + 2;
                }
            } else {
                int end = (int) Math.min(bytes.length, position + length);
                body.write(bytes, position, end - position);
                position = end;
            }
            into.add(new Request(requestLine[0], requestLine.length > 1 ? requestLine[1] : "", body.toByteArray()));
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            server.close();
            threads.shutdownNow();
            threads.awaitTermination(5, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
