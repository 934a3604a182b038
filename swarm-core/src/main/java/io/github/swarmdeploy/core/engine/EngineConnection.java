package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One connection to a Docker engine: docker-java's typed client for the calls it models completely, and
 * raw Engine API JSON over the very same transport for the fields docker-java lacks.
 *
 * <p>Raw paths are unversioned ({@code /services/abc}), as docker-java's own requests are, so both
 * speak the engine's newest API version.
 */
public final class EngineConnection implements AutoCloseable {

    private final String description;
    private final DockerHttpClient http;
    private final DockerClient client;
    private final ObjectMapper json;
    private final AutoCloseable transportResources;

    private EngineConnection(String description, DockerClientConfig config, DockerHttpClient http,
                             AutoCloseable transportResources) {
        this.description = description;
        this.http = http;
        this.client = DockerClientImpl.getInstance(config, http);
        this.json = config.getObjectMapper();
        this.transportResources = transportResources;
    }

    /** Connects lazily: nothing goes over the wire until the first call. */
    public static EngineConnection open(EngineSettings settings) {
        String scheme = settings.host().getScheme();
        if (!scheme.equals("unix") && !scheme.equals("tcp")) {
            throw new EngineConfigurationException("unsupported engine host " + settings.describeHost()
                    + ": this transport knows unix:// and tcp://");
        }
        return over(settings, settings.host(), settings.describeHost(), () -> { });
    }

    /**
     * A connection whose HTTP traffic goes to {@code transportHost} (for example a local end of a tunnel)
     * while messages name {@code description}; {@code transportResources} is closed after the client.
     */
    public static EngineConnection over(EngineSettings settings, URI transportHost, String description,
                                        AutoCloseable transportResources) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(transportHost.toString())
                .withDockerTlsVerify(settings.tlsVerify());
        settings.certPath().ifPresent(path -> builder.withDockerCertPath(path.toString()));
        DockerClientConfig config = builder.build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(settings.readTimeout())
                .maxConnections(32)
                .build();
        return new EngineConnection(description, config, http, transportResources);
    }

    /** docker-java's typed client on this connection. */
    public DockerClient client() {
        return client;
    }

    /** The transport itself, for requests docker-java has no command for. */
    public DockerHttpClient http() {
        return http;
    }

    /** The object mapper docker-java uses; serialises its model classes exactly as its commands do. */
    public ObjectMapper json() {
        return json;
    }

    /** The engine as the user named it, for messages. */
    public String description() {
        return description;
    }

    /** GET a raw Engine API path and parse the JSON answer. */
    public JsonNode fetchJson(String path) {
        return call(DockerHttpClient.Request.Method.GET, path, null, Map.of());
    }

    /**
     * Send a raw Engine API request with a JSON body (serialised with {@link #json()}; may be null) and
     * parse the answer; an empty answer gives a {@link MissingNode}.
     */
    public JsonNode sendJson(DockerHttpClient.Request.Method method, String path, Object body) {
        return sendJson(method, path, body, Map.of());
    }

    public JsonNode sendJson(DockerHttpClient.Request.Method method, String path, Object body,
                             Map<String, String> headers) {
        return call(method, path, body, headers);
    }

    private JsonNode call(DockerHttpClient.Request.Method method, String path, Object body,
                          Map<String, String> headers) {
        Objects.requireNonNull(path, "path");
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(method)
                .path(path)
                .putHeader("Content-Type", "application/json");
        headers.forEach(request::putHeader);
        if (body != null) {
            request.body(new java.io.ByteArrayInputStream(serialise(body)));
        }
        try (DockerHttpClient.Response response = http.execute(request.build())) {
            String text = readAll(response.getBody());
            int status = response.getStatusCode();
            if (status >= 300) {
                throw new EngineException(status, method + " " + path + " failed on " + description + ": "
                        + status + " " + engineMessage(text));
            }
            return text.isBlank() ? MissingNode.getInstance() : json.readTree(text);
        } catch (EngineException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EngineException("cannot reach the Docker engine at " + description + ": " + rootMessage(e), e);
        }
    }

    private byte[] serialise(Object body) {
        try {
            return body instanceof JsonNode node ? json.writeValueAsBytes(node) : json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body " + body.getClass().getName(), e);
        }
    }

    private String engineMessage(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: show the text itself
        }
        return body.strip();
    }

    private static String readAll(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing the client closes the transport; nothing to report
        }
        try {
            transportResources.close();
        } catch (Exception e) {
            throw new EngineException("cannot close the connection to " + description, e);
        }
    }
}
