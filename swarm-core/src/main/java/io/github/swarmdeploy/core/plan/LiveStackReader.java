package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.engine.SwarmNetwork;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads a stack's objects from the engine: read-only calls only. */
public final class LiveStackReader {

    private final SwarmApi engine;

    public LiveStackReader(SwarmApi engine) {
        this.engine = engine;
    }

    /**
     * The stack's services, configs and secrets (by label), every network, the configs and secrets with the
     * given names whatever their labels (external ones, and those the stack is about to use), and the ports
     * every other service publishes.
     */
    public LiveStack fetchLiveStack(String stack, Set<String> configNames, Set<String> secretNames) {
        Filters byStack = Filters.label(StackLabels.namespaceFilter(stack));
        List<LiveStack.Service> services = new ArrayList<>();
        List<LiveStack.PublishedPort> otherPorts = new ArrayList<>();
        for (SwarmService service : engine.fetchServices(Filters.none())) {
            if (!stack.equals(service.labels().get(StackLabels.NAMESPACE))) {
                otherPorts.addAll(publishedPorts(service));
                continue;
            }
            services.add(new LiveStack.Service(service.id(), service.name(), service.version(), service.spec(),
                    service.previousSpec().map(spec -> spec),
                    service.updateStatus().map(SwarmService.UpdateStatus::state).orElse("")));
        }
        List<LiveStack.Network> networks = new ArrayList<>();
        for (SwarmNetwork network : engine.fetchNetworks(Filters.none())) {
            networks.add(new LiveStack.Network(network.id(), network.name(), network.scope(), network.driver(),
                    network.labels()));
        }
        String apiVersion = engine.fetchVersion().apiVersion();
        return new LiveStack(stack, apiVersion, services, networks,
                fetchObjects(engine::fetchConfigs, byStack, configNames),
                fetchObjects(engine::fetchSecrets, byStack, secretNames), otherPorts);
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

    private static List<LiveStack.SwarmObject> fetchObjects(Function<Filters, List<SwarmDataObject>> fetch,
                                                            Filters byStack, Collection<String> names) {
        Map<String, LiveStack.SwarmObject> byId = new LinkedHashMap<>();
        List<SwarmDataObject> found = new ArrayList<>(fetch.apply(byStack));
        if (!names.isEmpty()) {
            found.addAll(fetch.apply(Filters.name(names)));
        }
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
