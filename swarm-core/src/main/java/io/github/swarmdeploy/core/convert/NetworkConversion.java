package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.golang.Json;
import io.github.swarmdeploy.core.golang.Sort;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import io.github.swarmdeploy.core.compose.model.IpamPool;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.ServiceNetworkConfig;
import io.github.swarmdeploy.core.convert.swarm.SwarmNetworkAttachment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Networks: the ones a stack creates (docker's {@code convert.Networks}) and a service's attachments to them
 * ({@code convertServiceNetworks}).
 */
final class NetworkConversion {

    /** The network a service without {@code networks:} joins, created as {@code <stack>_default}. */
    static final String DEFAULT_NETWORK = "default";
    /** docker's driver when the file names none ({@code docker stack deploy}'s createNetworks). */
    static final String DEFAULT_DRIVER = "overlay";

    private NetworkConversion() {
    }

    /** The networks some service uses, by key; docker neither creates nor checks any other. */
    static List<DesiredNetwork> networks(ConversionContext context, ObjectNamer namer) {
        TreeSet<String> used = new TreeSet<>();
        for (ServiceConfig service : context.definition().services().values()) {
            used.addAll(networkKeys(service));
        }
        List<DesiredNetwork> result = new ArrayList<>();
        for (String key : used) {
            NetworkConfig network = context.definition().networks().get(key);
            result.add(network == null ? createdNetwork(context, namer, key, zero(key)) : desired(context, namer, network));
        }
        return result;
    }

    private static DesiredNetwork desired(ConversionContext context, ObjectNamer namer, NetworkConfig network) {
        if (network.external().external()) {
            return DesiredNetwork.external(network.key(), swarmName(context.namespace(), network.key(), network));
        }
        return createdNetwork(context, namer, network.key(), network);
    }

    private static DesiredNetwork createdNetwork(ConversionContext context, ObjectNamer namer, String key,
                                                 NetworkConfig network) {
        Optional<DesiredNetwork.Ipam> ipam = Optional.empty();
        if (!network.ipam().driver().isEmpty() || !network.ipam().config().isEmpty()) {
            List<String> subnets = network.ipam().config().stream().map(IpamPool::subnet).toList();
            ipam = Optional.of(new DesiredNetwork.Ipam(
                    Optional.of(network.ipam().driver()).filter(driver -> !driver.isEmpty()), subnets));
        }
        Map<String, String> labels = new LinkedHashMap<>(context.namespace().withStackLabel(network.labels()));
        labels.putAll(namer.networkLabels(context.namespace().name()));
        return new DesiredNetwork(key, swarmName(context.namespace(), key, network), false,
                network.driver().isEmpty() ? DEFAULT_DRIVER : network.driver(), network.driverOpts(), ipam,
                network.internal(), network.attachable(), labels);
    }

    /** An undeclared {@code default} network: all zero values, as docker's map lookup gives. */
    private static NetworkConfig zero(String key) {
        return new NetworkConfig(key, null, null, null, null, null, false, false, null);
    }

    /** The keys of the networks a service joins: {@code default} when it names none. */
    static List<String> networkKeys(ServiceConfig service) {
        return service.networks().isEmpty() ? List.of(DEFAULT_NETWORK) : List.copyOf(service.networks().keySet());
    }

    /** The Swarm name of a network: external name, explicit {@code name:}, or {@code <stack>_<key>}. */
    static String swarmName(StackNamespace namespace, String key, NetworkConfig network) {
        if (network == null) {
            return namespace.scope(key);
        }
        if (network.external().external()) {
            return ConversionContext.externalName(key, network.name(), network.external());
        }
        return network.name().isEmpty() ? namespace.scope(key) : network.name();
    }

    /**
     * A service's attachments, sorted by target name. Each user-defined network also gets the service's key
     * as an alias, after the aliases from the file.
     */
    static List<NetworkAttachmentConfig> attachments(ConversionContext context, ServiceConfig service) {
        Map<String, Optional<ServiceNetworkConfig>> networks = service.networks().isEmpty()
                ? Map.of(DEFAULT_NETWORK, Optional.empty())
                : service.networks();
        List<NetworkAttachmentConfig> result = new ArrayList<>();
        for (Map.Entry<String, Optional<ServiceNetworkConfig>> entry : networks.entrySet()) {
            String key = entry.getKey();
            NetworkConfig network = context.definition().networks().get(key);
            if (network == null && !key.equals(DEFAULT_NETWORK)) {
                throw context.problem("services." + service.name() + ".networks." + key,
                        "undefined network \"" + key + "\"");
            }
            String target = swarmName(context.namespace(), key, network);
            List<String> aliases = new ArrayList<>(entry.getValue().map(ServiceNetworkConfig::aliases).orElse(List.of()));
            if (NetworkNames.isUserDefined(target)) {
                aliases.add(service.name());
            }
            SwarmNetworkAttachment attachment = new SwarmNetworkAttachment()
                    .withDriverOpts(Json.orNull(entry.getValue().map(ServiceNetworkConfig::driverOpts).orElse(Map.of())));
            attachment.withTarget(target).withAliases(Json.orNull(aliases));
            result.add(attachment);
        }
        Sort.slice(result, (left, right) -> Sort.STRING_ORDER.compare(left.getTarget(), right.getTarget()) < 0);
        return result;
    }
}
