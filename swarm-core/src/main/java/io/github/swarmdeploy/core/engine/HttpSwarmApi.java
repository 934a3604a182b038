package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link SwarmApi} over one {@link EngineConnection}: every path of the Engine API swarm-deploy calls is written
 * here. Paths are unversioned ({@code /services/abc}), as docker-java's own requests are, so the engine speaks
 * its newest API version.
 */
final class HttpSwarmApi implements SwarmApi {

    /** The header that carries registry credentials to the engine. */
    static final String REGISTRY_AUTH = "X-Registry-Auth";

    private final EngineConnection connection;

    HttpSwarmApi(EngineConnection connection) {
        this.connection = connection;
    }

    @Override
    public String description() {
        return connection.description();
    }

    @Override
    public EngineInfo fetchInfo() {
        return EngineJson.info(get("/info"));
    }

    @Override
    public EngineVersion fetchVersion() {
        return EngineJson.version(get("/version"));
    }

    @Override
    public List<SwarmService> fetchServices(Filters filters) {
        return list("/services" + filters.query(), EngineJson::service);
    }

    @Override
    public Optional<SwarmService> fetchService(String idOrName) {
        return inspect("/services/" + segment(idOrName)).map(EngineJson::service);
    }

    @Override
    public ServiceWrite createService(ObjectNode spec, Optional<String> registryAuth) {
        return EngineJson.serviceWrite("", connection.call(HttpMethod.POST, "/services/create", spec, auth(registryAuth)));
    }

    @Override
    public ServiceWrite updateService(String id, long version, ObjectNode spec, Optional<String> registryAuth) {
        return EngineJson.serviceWrite(id, connection.call(HttpMethod.POST,
                "/services/" + segment(id) + "/update?version=" + version, spec, auth(registryAuth)));
    }

    @Override
    public void removeService(String id) {
        delete("/services/" + segment(id));
    }

    @Override
    public List<SwarmTask> fetchTasks(Filters filters) {
        return list("/tasks" + filters.query(), EngineJson::task);
    }

    @Override
    public List<SwarmNode> fetchNodes(Filters filters) {
        return list("/nodes" + filters.query(), EngineJson::node);
    }

    @Override
    public List<SwarmNetwork> fetchNetworks(Filters filters) {
        return list("/networks" + filters.query(), EngineJson::network);
    }

    @Override
    public String createNetwork(ObjectNode body) {
        return post("/networks/create", body).path("Id").asText();
    }

    @Override
    public void removeNetwork(String id) {
        delete("/networks/" + segment(id));
    }

    @Override
    public List<SwarmDataObject> fetchConfigs(Filters filters) {
        return list("/configs" + filters.query(), EngineJson::dataObject);
    }

    @Override
    public Optional<SwarmDataObject> fetchConfig(String idOrName) {
        return inspect("/configs/" + segment(idOrName)).map(EngineJson::dataObject);
    }

    @Override
    public String createConfig(ObjectNode body) {
        return post("/configs/create", body).path("ID").asText();
    }

    @Override
    public void updateConfig(String id, long version, ObjectNode spec) {
        post("/configs/" + segment(id) + "/update?version=" + version, spec);
    }

    @Override
    public void removeConfig(String id) {
        delete("/configs/" + segment(id));
    }

    @Override
    public List<SwarmDataObject> fetchSecrets(Filters filters) {
        return list("/secrets" + filters.query(), EngineJson::dataObject);
    }

    @Override
    public String createSecret(ObjectNode body) {
        return post("/secrets/create", body).path("ID").asText();
    }

    @Override
    public void removeSecret(String id) {
        delete("/secrets/" + segment(id));
    }

    @Override
    public ImageDistribution fetchDistribution(String image, Optional<String> registryAuth) {
        // the name keeps its slashes and colon: the engine's route takes the rest of the path as the name
        return EngineJson.distribution(connection.call(HttpMethod.GET, "/distribution/" + image + "/json", null,
                auth(registryAuth)));
    }

    @Override
    public void buildImage(ImageBuild build, Consumer<ImageBuild.Output> output) {
        connection.build(build, output);
    }

    @Override
    public void pushImage(String repository, String tag, String registryAuth, Consumer<ImagePushProgress> progress) {
        connection.stream(HttpMethod.POST, "/images/" + repository + "/push?tag="
                        + URLEncoder.encode(tag, StandardCharsets.UTF_8), Map.of(REGISTRY_AUTH, registryAuth),
                item -> progress.accept(EngineJson.pushProgress(item)));
    }

    @Override
    public PruneResult pruneContainers(Filters filters) {
        return EngineJson.pruneResult(post("/containers/prune" + filters.query(), null), "ContainersDeleted");
    }

    @Override
    public PruneResult pruneImages(Filters filters) {
        return EngineJson.pruneResult(post("/images/prune" + filters.query(), null), "ImagesDeleted");
    }

    @Override
    public PruneResult pruneNetworks(Filters filters) {
        return EngineJson.pruneResult(post("/networks/prune" + filters.query(), null), "NetworksDeleted");
    }

    @Override
    public PruneResult pruneBuildCache() {
        return EngineJson.pruneResult(post("/build/prune", null), "CachesDeleted");
    }

    private JsonNode get(String path) {
        return connection.call(HttpMethod.GET, path, null, Map.of());
    }

    private JsonNode post(String path, ObjectNode body) {
        return connection.call(HttpMethod.POST, path, body, Map.of());
    }

    private void delete(String path) {
        connection.call(HttpMethod.DELETE, path, null, Map.of());
    }

    private Optional<JsonNode> inspect(String path) {
        try {
            return Optional.of(get(path));
        } catch (EngineException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> List<T> list(String path, Function<JsonNode, T> reader) {
        List<T> result = new ArrayList<>();
        get(path).forEach(element -> result.add(reader.apply(element)));
        return List.copyOf(result);
    }

    private static Map<String, String> auth(Optional<String> registryAuth) {
        return registryAuth.map(value -> Map.of(REGISTRY_AUTH, value)).orElse(Map.of());
    }

    /** An ID or name as one path segment. */
    private static String segment(String idOrName) {
        return URLEncoder.encode(idOrName, StandardCharsets.UTF_8);
    }
}
