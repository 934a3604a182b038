package io.github.swarmdeploy.core.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Passes TCP connections to {@code <address>:<port>} on to {@code 127.0.0.1:<port>}, in this JVM: how nodes in
 * network namespaces reach the sandbox registry, which listens on the host's loopback only. Closing it refuses
 * new connections and cuts the open ones (the registry is "down" for the nodes).
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    TcpForwarder(String address, int port) {
        try {
            server = new ServerSocket(port, 50, InetAddress.getByName(address));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
        }
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), port);
                    sockets.add(client);
                    sockets.add(target);
                    pipe(client, target);
                    pipe(target, client);
                } catch (IOException e) {
                    // closed, or the target refused: the client's request fails and says so
                }
            }
        }, "tcp-forwarder-" + address + ":" + port);
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
        }, "tcp-forwarder-pipe");
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the forwarder", e);
        }
        synchronized (sockets) {
            sockets.forEach(TcpForwarder::closeQuietly);
            sockets.clear();
        }
    }
}
