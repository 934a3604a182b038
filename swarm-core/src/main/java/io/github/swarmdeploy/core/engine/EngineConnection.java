package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.event.EventListener;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One connection to a Docker engine (unix socket, TCP with TLS, or SSH): its transport, and the typed Engine API
 * over it ({@link #swarm()}), which is what the rest of swarm-deploy calls. docker-java stays inside: its HTTP
 * client carries every call, its build command tars build contexts; nothing of it is handed out.
 *
 * <p>Raw paths are unversioned ({@code /services/abc}), as docker-java's own requests are, so every call
 * speaks the engine's newest API version.
 */
public final class EngineConnection implements AutoCloseable {

    private final String description;
    private final URI transportHost;
    /**
     * Makes the HTTP client on the first call: its classes and set-up take a few hundred milliseconds in a fresh JVM,
     * which a deploy spends while it reads its files ({@code StackDeployment} asks the engine in the background).
     */
    private final Supplier<DockerHttpClient> httpFactory;
    private final AutoCloseable transportResources;
    private final SwarmApi swarm;
    private DockerHttpClient http;
    private boolean closed;
    /** docker-java's typed client, made on the first image build: no other goal needs it (nor its start-up). */
    private DockerClient client;

    private EngineConnection(String description, URI transportHost, Supplier<DockerHttpClient> httpFactory,
                             AutoCloseable transportResources) {
        this.description = description;
        this.transportHost = transportHost;
        this.httpFactory = httpFactory;
        this.transportResources = transportResources;
        this.swarm = new HttpSwarmApi(this);
    }

    /** docker-java's JSON settings, made on first use and shared: an ObjectMapper is safe to share once configured. */
    private static final class Json {
        static final ObjectMapper MAPPER = DockerClientConfig.getDefaultObjectMapper();
    }

    private synchronized DockerHttpClient http() {
        if (closed) {
            throw new IllegalStateException("the connection to the Docker engine at " + description + " is closed");
        }
        if (http == null) {
            http = httpFactory.get();
        }
        return http;
    }

    /** {@link #open(EngineSettings, EventListener)} without events (SSH warnings are then not shown). */
    public static EngineConnection open(EngineSettings settings) {
        return open(settings, EventListener.IGNORE);
    }

    /**
     * THE way to open an engine, whatever its host: {@code unix://} and {@code tcp://} (TLS per
     * {@link EngineSettings#tls()}) connect lazily, nothing goes over the wire until the first call;
     * {@code ssh://} logs in now (one SSH connection for this whole EngineConnection) and checks that the remote
     * docker answers, so that SSH problems surface here as {@link SshConnectionException}s saying what to do.
     */
    public static EngineConnection open(EngineSettings settings, EventListener events) {
        if (!settings.isSsh()) {
            return over(settings, settings.host(), settings.describeHost(), () -> { }, ExplainingHttpClient.Diagnosis.NONE);
        }
        SshTunnel tunnel = SshTunnel.open(settings, events);
        EngineConnection connection = null;
        try {
            connection = over(settings, tunnel.endpoint(), settings.describeHost(), tunnel, new ExplainingHttpClient.Diagnosis() {
                @Override
                public long mark() {
                    return tunnel.failureMark();
                }

                @Override
                public java.util.Optional<SshConnectionException> since(long mark) {
                    return tunnel.failureSince(mark);
                }
            });
            connection.ping();
            return connection;
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.close();
            } else {
                tunnel.close();
            }
            throw e;
        }
    }

    /**
     * A connection whose HTTP traffic goes to {@code transportHost} (for example a local end of a tunnel)
     * while messages name {@code description}; {@code transportResources} is closed after the client.
     */
    public static EngineConnection over(EngineSettings settings, URI transportHost, String description,
                                        AutoCloseable transportResources) {
        return over(settings, transportHost, description, transportResources, ExplainingHttpClient.Diagnosis.NONE);
    }

    private static EngineConnection over(EngineSettings settings, URI transportHost, String description,
                                         AutoCloseable transportResources, ExplainingHttpClient.Diagnosis diagnosis) {
        // TLS is configured here rather than through docker-java's config, which silently speaks plain HTTP
        // when a certificate file is missing
        // docker-java speaks https to a tcp:// host as soon as it is given a TLS context: only a socket gets NoTls
        SSLConfig tls = settings.usesTls() ? PemSslConfig.load(settings.tls())
                : "tcp".equals(transportHost.getScheme()) ? null : NoTls.CONFIG;
        return new EngineConnection(description, transportHost, () -> new ExplainingHttpClient(
                new ApacheDockerHttpClient.Builder()
                        .dockerHost(transportHost)
                        .sslConfig(tls)
                        .connectionTimeout(settings.connectTimeout())
                        .responseTimeout(settings.readTimeout())
                        .maxConnections(settings.isSsh() ? SshTunnel.MAX_CHANNELS : 32)
                        .build(), description, diagnosis), transportResources);
    }

    /**
     * docker-java's typed client over this connection's transport, made when first needed (an image build): its
     * config reads docker-java's properties and ~/.docker, and its classes take a while to load, which a deploy
     * should not pay for.
     */
    private synchronized DockerClient client() {
        if (client == null) {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(transportHost.toString())
                    .withDockerTlsVerify(false)
                    .build();
            client = DockerClientImpl.getInstance(config, http());
        }
        return client;
    }

    /** The Engine API on this connection, typed: what every package of swarm-deploy calls. */
    public SwarmApi swarm() {
        return swarm;
    }

    /** The engine as the user named it, for messages. */
    public String description() {
        return description;
    }

    /** Checks that the engine answers ({@code GET /_ping}); an {@link EngineException} naming the host if not. */
    public void ping() {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/_ping")
                .build();
        try (DockerHttpClient.Response response = http().execute(request)) {
            if (response.getStatusCode() != 200) {
                throw new EngineException(response.getStatusCode(), "the Docker engine at " + description
                        + " answered /_ping with " + response.getStatusCode() + " " + readAll(response.getBody()).strip());
            }
        } catch (IOException e) {
            throw new EngineException("cannot reach the Docker engine at " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the engine is a manager of an active swarm, which deploying and pruning need, by a read only a
     * manager answers (its managers, {@code GET /nodes}): {@code GET /info} gathers the state of every container and,
     * with 200 healthchecks running, takes 12-18 ms at the median and up to 500 ms, where that read takes about one.
     * Only when the engine refuses (503) is {@code GET /info} asked why, for docker's wording.
     *
     * @throws NotSwarmManagerException with docker's wording when it is not
     */
    public void requireSwarmManager() {
        try {
            swarm.fetchNodes(Filters.of(Filters.ROLE, "manager"));
        } catch (EngineException refused) {
            if (!refused.isUnavailable()) {
                throw refused;
            }
            EngineInfo.Swarm state = swarm.fetchInfo().swarm();
            if (state.localNodeState().equals("active") && state.controlAvailable()) {
                throw refused; // a manager that is unavailable all the same: its own words say why
            }
            throw notManager(state);
        }
    }

    private NotSwarmManagerException notManager(EngineInfo.Swarm state) {
        String prefix = "the Docker engine at " + description + ": ";
        return new NotSwarmManagerException(prefix + switch (state.localNodeState()) {
            case "active" -> "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster "
                    + "state. Please run this command on a manager node or promote the current node to a manager.";
            case "locked" -> "Swarm is encrypted and needs to be unlocked before it can be used. Please use "
                    + "\"docker swarm unlock\" to unlock it.";
            case "pending" -> "This node is not a swarm manager yet: it is still joining the swarm (state pending). "
                    + "Try again when \"docker node ls\" works on it.";
            case "error" -> "This node is not a swarm manager: its swarm is in an error state ("
                    + (state.error().isEmpty() ? "no details" : state.error()) + ").";
            default -> "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to "
                    + "connect this node to swarm and try again.";
        });
    }

    /**
     * GET a raw Engine API path and parse the JSON answer: for tests and diagnostics that look at what the engine
     * holds. swarm-deploy's own calls go through {@link #swarm()}.
     */
    public JsonNode fetchJson(String path) {
        return call(HttpMethod.GET, path, null, Map.of());
    }

    /**
     * Send a raw Engine API request with a JSON body (a JSON tree, a map, or a docker-java model object; may be
     * null) and parse the answer; an empty answer gives a {@link MissingNode}. For tests and diagnostics, as
     * {@link #fetchJson}.
     */
    public JsonNode sendJson(HttpMethod method, String path, Object body) {
        return call(method, path, body, Map.of());
    }

    /** One Engine API call; an error status or no answer at all is an {@link EngineException} naming the call. */
    JsonNode call(HttpMethod method, String path, Object body, Map<String, String> headers) {
        Objects.requireNonNull(path, "path");
        DockerHttpClient.Request.Builder request = request(method, path, headers);
        if (body != null) {
            request.body(new java.io.ByteArrayInputStream(serialise(body)));
        }
        try (DockerHttpClient.Response response = http().execute(request.build())) {
            String text = readAll(response.getBody());
            int status = response.getStatusCode();
            if (status >= 300) {
                throw new EngineException(status, method + " " + path + " failed on " + description + ": "
                        + status + " " + errorMessage(text));
            }
            return text.isBlank() ? MissingNode.getInstance() : Json.MAPPER.readTree(text);
        } catch (InfrastructureException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw EngineException.unreachable(description, e);
        }
    }

    /**
     * A call whose answer is a stream of JSON objects (an image push), each handed to {@code items} as it comes.
     * An error status is an {@link EngineException} with the status and the engine's words alone.
     */
    void stream(HttpMethod method, String path, Map<String, String> headers, Consumer<JsonNode> items) {
        try (DockerHttpClient.Response response = http().execute(request(method, path, headers).build())) {
            if (response.getStatusCode() >= 300) {
                throw new EngineException(response.getStatusCode(), errorMessage(readAll(response.getBody())));
            }
            try (MappingIterator<JsonNode> values = Json.MAPPER.readerFor(JsonNode.class).readValues(response.getBody())) {
                while (values.hasNextValue()) {
                    items.accept(values.nextValue());
                }
            }
        } catch (InfrastructureException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw EngineException.unreachable(description, e);
        }
    }

    /**
     * An image build through docker-java, which tars the context as the docker CLI does ({@code .dockerignore}
     * honoured). The engine's refusal is an {@link EngineException} with its status and words alone.
     */
    void build(ImageBuild build, Consumer<ImageBuild.Output> output) {
        AuthConfigurations auths = new AuthConfigurations();
        build.login().ifPresent(login -> auths.addConfig(new AuthConfig()
                .withRegistryAddress(login.registryAddress())
                .withUsername(login.username())
                .withPassword(login.password())));
        BuildImageCmd command;
        try {
            command = client().buildImageCmd()
                    .withBaseDirectory(build.context().toFile())
                    .withDockerfile(build.dockerfile().toFile())
                    .withTags(Set.of(build.tag()))
                    .withBuildAuthConfigs(auths)
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true); // also the container of a failed step: a failed build leaves nothing behind
            build.buildArgs().forEach(command::withBuildArg);
        } catch (DockerClientException | IllegalStateException | IllegalArgumentException e) {
            throw new BuildContextException(e.getMessage(), e);
        }
        try {
            command.exec(new ResultCallback.Adapter<BuildResponseItem>() {
                @Override
                public void onNext(BuildResponseItem item) {
                    output.accept(buildOutput(item));
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("the image build on " + description + " was interrupted", e);
        } catch (DockerException e) {
            throw new EngineException(e.getHttpStatus(), dockerJavaMessage(e));
        } catch (DockerClientException | IllegalStateException e) {
            // docker-java could not prepare the context: a missing Dockerfile, one excluded by .dockerignore
            throw new BuildContextException(e.getMessage(), e);
        } catch (InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw EngineException.unreachable(description, e);
        }
    }

    private static ImageBuild.Output buildOutput(BuildResponseItem item) {
        Optional<String> error = item.isErrorIndicated()
                ? Optional.ofNullable(item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                ? item.getErrorDetail().getMessage() : item.getError())
                : Optional.empty();
        Optional<String> imageId = error.isEmpty() && (item.getAux() != null || item.isBuildSuccessIndicated())
                ? Optional.ofNullable(item.getImageId()) : Optional.empty();
        return new ImageBuild.Output(error.isPresent() || item.getStream() == null ? "" : item.getStream(), error,
                imageId);
    }

    /** docker-java's message is {@code Status 500: {"message":"..."}}: the engine's words. */
    private static String dockerJavaMessage(DockerException e) {
        String body = e.getMessage() == null ? "" : e.getMessage();
        int brace = body.indexOf('{');
        return brace >= 0 ? errorMessage(body.substring(brace)) : body.strip();
    }

    private DockerHttpClient.Request.Builder request(HttpMethod method, String path, Map<String, String> headers) {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.valueOf(method.name()))
                .path(path)
                .putHeader("Content-Type", "application/json");
        headers.forEach(request::putHeader);
        return request;
    }

    private byte[] serialise(Object body) {
        try {
            return body instanceof JsonNode node ? Json.MAPPER.writeValueAsBytes(node) : Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body " + body.getClass().getName(), e);
        }
    }

    /** The engine's own words in an error answer: the {@code message} of its JSON body, else the body's text. */
    public static String errorMessage(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
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

    @Override
    public void close() {
        try {
            DockerClient made;
            DockerHttpClient transport;
            synchronized (this) {
                closed = true;
                made = client;
                transport = http;
            }
            if (made != null) {
                made.close(); // closes the transport too
            } else if (transport != null) {
                transport.close();
            }
        } catch (IOException ignored) {
            // nothing to report: the transport is gone either way
        }
        try {
            transportResources.close();
        } catch (Exception e) {
            throw new EngineException("cannot close the connection to " + description, e);
        }
    }
}
