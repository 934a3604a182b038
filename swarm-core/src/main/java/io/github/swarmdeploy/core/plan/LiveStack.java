package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the swarm holds for a stack, as the engine reported it (raw Engine API JSON for service specs, so no
 * field is lost to docker-java's model).
 *
 * @param stack      the stack name
 * @param apiVersion the engine's API version, e.g. {@code 1.41} ("" when unknown)
 * @param services services labelled with the stack
 * @param networks every network of the engine (external ones too: service specs name them by ID)
 * @param configs  configs labelled with the stack, plus those looked up by name
 * @param secrets  secrets labelled with the stack, plus those looked up by name
 * @param otherPorts the ports other services of the swarm (not of this stack) publish
 */
public record LiveStack(String stack, String apiVersion, List<Service> services, List<Network> networks,
                        List<SwarmObject> configs, List<SwarmObject> secrets, List<PublishedPort> otherPorts) {

    public LiveStack {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(apiVersion, "apiVersion");
        services = List.copyOf(services);
        networks = List.copyOf(networks);
        configs = List.copyOf(configs);
        secrets = List.copyOf(secrets);
        otherPorts = List.copyOf(otherPorts);
    }

    /** A stack on a swarm where no other service publishes a port. */
    public LiveStack(String stack, String apiVersion, List<Service> services, List<Network> networks,
                     List<SwarmObject> configs, List<SwarmObject> secrets) {
        this(stack, apiVersion, services, networks, configs, secrets, List.of());
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst();
    }

    public Optional<Network> network(String name) {
        return networks.stream().filter(network -> network.name().equals(name)).findFirst();
    }

    public Optional<SwarmObject> config(String name) {
        return configs.stream().filter(config -> config.name().equals(name)).findFirst();
    }

    public Optional<SwarmObject> secret(String name) {
        return secrets.stream().filter(secret -> secret.name().equals(name)).findFirst();
    }

    /** What the engine knows of the service spec. */
    public EngineFeatures features() {
        return new EngineFeatures(apiVersion);
    }

    /** The name of the network with this ID, or the argument when no network has it (it may be a name). */
    public String networkName(String idOrName) {
        return networks.stream().filter(network -> network.id().equals(idOrName)).map(Network::name).findFirst()
                .orElse(idOrName);
    }

    /**
     * A service of the stack.
     *
     * @param version      {@code Version.Index}: the update call must name it
     * @param spec         {@code Spec}
     * @param previousSpec {@code PreviousSpec}, what a rollback returns to
     * @param updateState  {@code UpdateStatus.State} ("" when the service was never updated)
     */
    public record Service(String id, String name, long version, JsonNode spec, Optional<JsonNode> previousSpec,
                          String updateState) {

        public Map<String, String> labels() {
            return io.github.swarmdeploy.core.engine.EngineJson.textMap(spec.path("Labels"));
        }

        /** The image the running spec uses, as written in it (pinned or not). */
        public String image() {
            return spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText("");
        }
    }

    /**
     * A port a service publishes (in its spec, or allocated by Swarm), as Swarm checks conflicts: by port and
     * protocol; a port published in ingress mode by one service cannot be published by another in any mode.
     */
    public record PublishedPort(String service, long port, String protocol, boolean ingress) {

        /** Whether Swarm refuses that another service publishes {@code port}/{@code protocol} in that mode. */
        public boolean conflictsWith(long port, String protocol, boolean ingress) {
            return this.port == port && this.protocol.equals(protocol) && (this.ingress || ingress);
        }
    }

    /** A network: {@code scope} is {@code swarm} for networks services can use across nodes. */
    public record Network(String id, String name, String scope, String driver, Map<String, String> labels) {
    }

    /** A config or a secret. */
    public record SwarmObject(String id, String name, Map<String, String> labels, Instant createdAt) {
    }
}
