package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.engine.EngineReads;
import io.github.swarmdeploy.core.engine.EngineVersion;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.engine.SwarmNetwork;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.engine.SwarmTask;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads a stack's objects from the engine: read-only calls only. */
public final class LiveStackReader {

    private final SwarmApi engine;

    public LiveStackReader(SwarmApi engine) {
        this.engine = engine;
    }

    /**
     * What one read of the swarm for a deploy gives: the stack, and, as read, its services, the tasks of their current
     * specs and every node (a look at the services' health then reads nothing more).
     */
    public record Fetched(LiveStack stack, List<SwarmService> services, List<SwarmTask> currentTasks,
                          List<SwarmNode> nodes) {

        public Fetched {
            services = List.copyOf(services);
            currentTasks = List.copyOf(currentTasks);
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * The stack's services, configs and secrets (by label), every network, the configs and secrets with the given
     * names whatever their labels (external ones, and those the stack is about to use), the ports every other service
     * publishes; the current tasks of the stack's services (by the stack's label) and the nodes. The calls are sent at
     * once.
     */
    public Fetched fetch(String stack, Set<String> configNames, Set<String> secretNames) {
        Filters byStack = Filters.label(StackLabels.namespaceFilter(stack));
        EngineReads.Pending<List<SwarmService>> allServices = EngineReads.start(
                () -> engine.fetchServices(Filters.none()));
        EngineReads.Pending<List<SwarmNetwork>> allNetworks = EngineReads.start(
                () -> engine.fetchNetworks(Filters.none()));
        EngineReads.Pending<EngineVersion> version = EngineReads.start(engine::fetchVersion);
        EngineReads.Pending<List<SwarmNode>> nodes = EngineReads.start(() -> engine.fetchNodes(Filters.none()));
        EngineReads.Pending<List<SwarmTask>> tasks = EngineReads.start(() -> engine.fetchTasks(byStack.upToDate()));
        ObjectReads configs = ObjectReads.start(engine::fetchConfigs, byStack, configNames);
        ObjectReads secrets = ObjectReads.start(engine::fetchSecrets, byStack, secretNames);
        List<SwarmService> stackServices = new ArrayList<>();
        List<LiveStack.Service> services = new ArrayList<>();
        List<LiveStack.PublishedPort> otherPorts = new ArrayList<>();
        for (SwarmService service : allServices.get()) {
            if (!stack.equals(service.labels().get(StackLabels.NAMESPACE))) {
                otherPorts.addAll(publishedPorts(service));
                continue;
            }
            stackServices.add(service);
            services.add(new LiveStack.Service(service.id(), service.name(), service.version(), service.spec(),
                    service.previousSpec().map(spec -> spec),
                    service.updateStatus().map(SwarmService.UpdateStatus::state).orElse("")));
        }
        List<LiveStack.Network> networks = new ArrayList<>();
        for (SwarmNetwork network : allNetworks.get()) {
            networks.add(new LiveStack.Network(network.id(), network.name(), network.scope(), network.driver(),
                    network.labels()));
        }
        LiveStack live = new LiveStack(stack, version.get().apiVersion(), services, networks, configs.get(),
                secrets.get(), otherPorts);
        return new Fetched(live, stackServices, tasks.get(), nodes.get());
    }

    /** The ports a service publishes: in its spec, and those Swarm allocated (ingress ports without a number). */
    static List<LiveStack.PublishedPort> publishedPorts(SwarmService service) {
        List<LiveStack.PublishedPort> ports = new ArrayList<>();
        for (List<SwarmService.Port> list : List.of(service.specPorts(), service.endpointPorts())) {
            for (SwarmService.Port port : list) {
                if (port.publishedPort() == 0) {
                    continue;
                }
                LiveStack.PublishedPort found = new LiveStack.PublishedPort(service.name(), port.publishedPort(),
                        port.protocol().isEmpty() ? "tcp" : port.protocol(), !port.publishMode().equals("host"));
                if (!ports.contains(found)) {
                    ports.add(found);
                }
            }
        }
        return ports;
    }

    /** The configs (or secrets) of the stack, and those with the given names whatever their labels, read at once. */
    private record ObjectReads(EngineReads.Pending<List<SwarmDataObject>> ofStack,
                               Optional<EngineReads.Pending<List<SwarmDataObject>>> named) {

        static ObjectReads start(Function<Filters, List<SwarmDataObject>> fetch, Filters byStack,
                                 Collection<String> names) {
            return new ObjectReads(EngineReads.start(() -> fetch.apply(byStack)), names.isEmpty() ? Optional.empty()
                    : Optional.of(EngineReads.start(() -> fetch.apply(Filters.name(names)))));
        }

        List<LiveStack.SwarmObject> get() {
            Map<String, LiveStack.SwarmObject> byId = new LinkedHashMap<>();
            List<SwarmDataObject> found = new ArrayList<>(ofStack.get());
            named.ifPresent(read -> found.addAll(read.get()));
            for (SwarmDataObject object : found) {
                if (StackLabels.isBookkeeping(object.labels())) {
                    continue; // the deploy lock and the secret key are not part of the stack
                }
                byId.putIfAbsent(object.id(), new LiveStack.SwarmObject(object.id(), object.name(), object.labels(),
                        object.createdAt().orElse(Instant.EPOCH)));
            }
            return List.copyOf(byId.values());
        }
    }
}
