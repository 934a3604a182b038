package io.github.swarmdeploy.core.sandbox;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for the GitLab API: records every request and answers with a fixed
 * status. Public so that tests in other packages (and modules) can use it.
 */
public final class FakeGitLab implements AutoCloseable {

    /** One request as GitLab would have received it. */
    public record Received(String method, String path, String token, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 201;

    private FakeGitLab(HttpServer server) {
        this.server = server;
    }

    public static FakeGitLab start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeGitLab fake = new FakeGitLab(server);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                fake.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(body, StandardCharsets.UTF_8)));
                byte[] answer = (fake.status / 100 == 2 ? "{\"id\":1}" : "{\"message\":\"401 Unauthorized\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(fake.status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/api/v4} */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v4";
    }

    /** The variables of a merge-request pipeline for project 77, merge request !12, pointing here. */
    public Map<String, String> mergeRequestPipeline(String token) {
        return Map.of("CI_API_V4_URL", apiUrl(), "CI_MERGE_REQUEST_PROJECT_ID", "77", "CI_MERGE_REQUEST_IID", "12",
                "GITLAB_TOKEN", token);
    }

    public void answer(int status) {
        this.status = status;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
