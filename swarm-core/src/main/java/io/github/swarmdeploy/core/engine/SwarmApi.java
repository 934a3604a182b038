package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Engine API as swarm-deploy uses it: every call the library makes to an engine, typed. The one
 * implementation speaks HTTP over an {@link EngineConnection} ({@link EngineConnection#swarm()}); unit tests use
 * an in-memory fake ({@code FakeSwarm} in swarm-core's test sources). Paths, filters ({@link Filters}) and
 * the reading of answers ({@link EngineJson}) live behind it: no other package builds a path or reads an
 * answer.
 *
 * <p>Request bodies are Engine API JSON, built once where the object is decided ({@code convert.CreateRequests}
 * for networks, configs and secrets, {@code DesiredService} for service specs), so that fields docker-java's
 * model lacks are sent as they are.
 *
 * <p>Every method may throw an {@link EngineException}: {@link EngineException#status()} is the engine's HTTP
 * status when it refused (its message names the call and carries the engine's words), 0 when it could not be
 * reached. Methods named {@code fetch…} only read.
 */
public interface SwarmApi {

    /** The engine as the user named it ({@code unix:///var/run/docker.sock}, {@code ssh://deploy@host}), for messages. */
    String description();

    /** {@code GET /info}. */
    EngineInfo fetchInfo();

    /** {@code GET /version}. */
    EngineVersion fetchVersion();

    // ---- services

    /** {@code GET /services}. */
    List<SwarmService> fetchServices(Filters filters);

    /** {@code GET /services/{idOrName}}; empty when there is no such service. */
    Optional<SwarmService> fetchService(String idOrName);

    /**
     * {@code POST /services/create}.
     *
     * @param registryAuth the {@code X-Registry-Auth} header's value, so that the swarm can pull the image
     */
    ServiceWrite createService(ObjectNode spec, Optional<String> registryAuth);

    /** {@code POST /services/{id}/update?version=…}: refused when the service changed since {@code version}. */
    ServiceWrite updateService(String id, long version, ObjectNode spec, Optional<String> registryAuth);

    /** {@code DELETE /services/{id}}. */
    void removeService(String id);

    // ---- tasks and nodes

    /** {@code GET /tasks}, e.g. {@code Filters.service(id).upToDate()}. */
    List<SwarmTask> fetchTasks(Filters filters);

    /** {@code GET /nodes}. */
    List<SwarmNode> fetchNodes(Filters filters);

    // ---- networks

    /** {@code GET /networks}. */
    List<SwarmNetwork> fetchNetworks(Filters filters);

    /** {@code POST /networks/create}; returns the network's ID. */
    String createNetwork(ObjectNode body);

    /** {@code DELETE /networks/{id}}. */
    void removeNetwork(String id);

    // ---- configs and secrets

    /** {@code GET /configs}. */
    List<SwarmDataObject> fetchConfigs(Filters filters);

    /** {@code GET /configs/{idOrName}}; empty when there is no such config. */
    Optional<SwarmDataObject> fetchConfig(String idOrName);

    /** {@code POST /configs/create}; returns the config's ID. A config of that name exists: status 409. */
    String createConfig(ObjectNode body);

    /**
     * {@code POST /configs/{id}/update?version=…} (Swarm lets only the labels change). Refused when the config
     * changed since {@code version}: 409, or 500 "update out of sequence" on 20.10.
     */
    void updateConfig(String id, long version, ObjectNode spec);

    /** {@code DELETE /configs/{id}}. */
    void removeConfig(String id);

    /** {@code GET /secrets}. */
    List<SwarmDataObject> fetchSecrets(Filters filters);

    /** {@code POST /secrets/create}; returns the secret's ID. */
    String createSecret(ObjectNode body);

    /** {@code DELETE /secrets/{id}}. */
    void removeSecret(String id);

    // ---- images

    /**
     * {@code GET /distribution/{image}/json}: the engine asks the image's registry.
     *
     * @param image        {@code name:tag}
     * @param registryAuth the {@code X-Registry-Auth} header's value, when credentials are to be used
     */
    ImageDistribution fetchDistribution(String image, Optional<String> registryAuth);

    /**
     * {@code POST /build}, tagging the image {@link ImageBuild#tag()}; the build's output goes to {@code output}
     * as it comes (the image ID or the build's error among it).
     *
     * @throws BuildContextException when the context cannot be prepared (nothing was sent)
     * @throws EngineException       with the engine's words when it refused the build
     */
    void buildImage(ImageBuild build, Consumer<ImageBuild.Output> output);

    /**
     * {@code POST /images/{repository}/push?tag=…}, with exactly these credentials ({@code X-Registry-Auth}); the
     * push's progress goes to {@code progress} as it comes (its digest or its error among it).
     *
     * @throws EngineException when the engine refused the push at once (status and the engine's words)
     */
    void pushImage(String repository, String tag, String registryAuth, Consumer<ImagePushProgress> progress);

    // ---- the node's housekeeping

    /** {@code POST /containers/prune}: stopped containers. */
    PruneResult pruneContainers(Filters filters);

    /** {@code POST /images/prune}: e.g. {@code Filters.of(Filters.DANGLING, "true")}. */
    PruneResult pruneImages(Filters filters);

    /** {@code POST /networks/prune}: networks nothing uses. */
    PruneResult pruneNetworks(Filters filters);

    /** {@code POST /build/prune}: the build cache. */
    PruneResult pruneBuildCache();
}
