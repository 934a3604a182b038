package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.compose.ComposeLimits;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.ServicePortConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the engine (swarmkit's control API) refuses when an object is created, although {@code docker stack
 * deploy} sends it: docker then fails half-way, after creating the objects before it. Checked here, on the
 * whole stack, so that a deploy refuses such a file before it changes anything, naming file, line and key.
 * The messages end with the engine's own words.
 */
final class SwarmRules {

    /** swarmkit's names of services and networks: a DNS label. */
    static final int MAX_NETWORK_NAME = 63;

    private static final Pattern DNS_NAME = Pattern.compile("^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$");
    private static final Pattern CONSTRAINT_KEY = Pattern.compile("^[a-z_][a-z0-9\\-_.]+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONSTRAINT_VALUE = Pattern.compile("^[a-z0-9:\\-_\\s.*()?+\\[\\]\\\\^$|/]+$",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> OPERATORS = List.of("==", "!=");
    /** Drivers whose networks are local to the node that creates them (the engine's built-in ones). */
    private static final Set<String> LOCAL_DRIVERS = Set.of("bridge", "macvlan", "ipvlan");

    private SwarmRules() {
    }

    /** @throws ConversionException at the first value the engine would refuse */
    static void check(ConversionContext context, List<DesiredNetwork> networks, List<DesiredConfig> configs,
                      List<DesiredSecret> secrets) {
        for (DesiredNetwork network : networks) {
            checkNetwork(context, network);
        }
        for (DesiredConfig config : configs) {
            if (!config.external()) {
                checkSize(context, "configs", context.definition().configs().get(config.key()), config.data().length,
                        ComposeLimits.MAX_CONFIG_BYTES);
            }
        }
        for (DesiredSecret secret : secrets) {
            if (!secret.external() && secret.driver().isEmpty()) {
                checkSize(context, "secrets", context.definition().secrets().get(secret.key()), secret.data().length,
                        ComposeLimits.MAX_SECRET_BYTES);
            }
        }
        Map<PublishedPort, String> ingress = new HashMap<>();
        Map<PublishedPort, String> host = new HashMap<>();
        for (ServiceConfig service : new TreeMap<>(context.definition().services()).values()) {
            checkConstraints(context, service);
            checkPorts(context, service, ingress, host);
        }
    }

    /**
     * swarmkit's validateAnnotations for the overlay networks the stack creates; a network of a local driver
     * is created on the manager (docker sends no scope), but no service can join it.
     */
    private static void checkNetwork(ConversionContext context, DesiredNetwork network) {
        if (network.external()) {
            return;
        }
        NetworkConfig definition = context.definition().networks().get(network.key());
        if (LOCAL_DRIVERS.contains(network.driver())) {
            throw context.problem("networks." + network.key() + ".driver", "driver " + network.driver() + " makes a"
                    + " network of one node, services need driver: overlay: The network " + network.name() + " cannot be"
                    + " used with services. Only networks scoped to the swarm can be used, such as those created with"
                    + " the overlay driver.");
        }
        if (!network.driver().equals(NetworkConversion.DEFAULT_DRIVER)) {
            return;
        }
        String path = "networks." + network.key() + (definition != null && !definition.name().isEmpty() ? ".name" : "");
        if (!DNS_NAME.matcher(network.name()).matches()) {
            throw context.problem(path, "network name \"" + network.name() + "\" is not valid in Swarm (letters, digits,"
                    + " '-' and '_', starting and ending with a letter or digit): name must be valid as a DNS name component");
        }
        if (network.name().length() > MAX_NETWORK_NAME) {
            throw context.problem(path, "network name \"" + network.name() + "\" has " + network.name().length()
                    + " characters: name must be " + MAX_NETWORK_NAME + " characters or fewer");
        }
    }

    private static void checkSize(ConversionContext context, String section, FileObjectConfig definition, int size,
                                  int limit) {
        if (size >= 1 && size < limit) {
            return;
        }
        String kind = section.substring(0, section.length() - 1);
        String path = section + "." + definition.key() + switch (definition.source()) {
            case FILE -> ".file";
            case CONTENT -> ".content";
            case ENVIRONMENT -> ".environment";
            case EXTERNAL -> "";
        };
        String what = switch (definition.source()) {
            case FILE -> definition.file() + " has " + size + " bytes";
            case ENVIRONMENT -> "variable " + definition.environment() + " has " + size + " bytes";
            default -> "the content has " + size + " bytes";
        };
        throw context.problem(path, what + ": " + kind + " data must be larger than 0 and less than " + limit + " bytes");
    }

    /** swarmkit's constraint.Parse: {@code key op value}, op the first of == and != found. */
    private static void checkConstraints(ConversionContext context, ServiceConfig service) {
        List<String> constraints = service.deploy().placement().constraints();
        for (int index = 0; index < constraints.size(); index++) {
            String problem = constraintProblem(constraints.get(index));
            if (problem != null) {
                throw context.problem("services." + service.name() + ".deploy.placement.constraints." + index,
                        "placement constraint \"" + constraints.get(index) + "\" is not valid in Swarm"
                                + (constraints.get(index).isBlank() || problem.contains("''") ? " (is a variable unset?)" : "")
                                + ": " + problem);
            }
        }
    }

    /** The engine's complaint about one constraint, or null when it accepts it. */
    static String constraintProblem(String constraint) {
        for (String operator : OPERATORS) {
            int at = constraint.indexOf(operator);
            if (at < 0) {
                continue;
            }
            String key = constraint.substring(0, at).strip();
            if (!CONSTRAINT_KEY.matcher(key).matches()) {
                return "key '" + key + "' is invalid";
            }
            String value = constraint.substring(at + operator.length()).strip();
            if (!CONSTRAINT_VALUE.matcher(value).matches()) {
                return "value '" + value + "' is invalid";
            }
            return null;
        }
        return "constraint expected one operator from " + String.join(", ", OPERATORS);
    }

    /**
     * swarmkit's validateEndpointSpec (one service) and checkPortConflicts (between services): a published
     * port and protocol once per service; a port published in ingress mode by one service cannot be published
     * by another in any mode; ingress-mode ports not with {@code endpoint_mode: dnsrr}.
     */
    private static void checkPorts(ConversionContext context, ServiceConfig service, Map<PublishedPort, String> ingress,
                                   Map<PublishedPort, String> host) {
        boolean dnsrr = service.deploy().endpointMode().toLowerCase(Locale.ROOT).equals("dnsrr");
        Map<PublishedPort, String> own = new HashMap<>();
        Map<PublishedPort, Boolean> ownIngress = new HashMap<>();
        for (int index = 0; index < service.ports().size(); index++) {
            ServicePortConfig port = service.ports().get(index);
            String path = "services." + service.name() + ".ports." + index;
            boolean isIngress = port.mode().isEmpty() || port.mode().equals("ingress");
            if (dnsrr && isIngress) {
                throw context.problem(path, "port " + port.target() + " is published in ingress mode, the service has"
                        + " endpoint_mode: dnsrr (publish it with mode: host): port published with ingress mode can't be"
                        + " used with dnsrr mode");
            }
            if (port.published() == 0) {
                continue;
            }
            PublishedPort published = new PublishedPort(port.published(),
                    port.protocol().isEmpty() ? "tcp" : port.protocol().toLowerCase(Locale.ROOT));
            String twice = own.putIfAbsent(published, path);
            if (twice != null) {
                throw context.problem(path, "port " + published + " is published twice by this service (also at "
                        + context.definition().locate(twice) + "): duplicate published ports provided");
            }
            String other = isIngress ? ingress.getOrDefault(published, host.get(published)) : ingress.get(published);
            if (other != null) {
                throw context.problem(path, "port " + published + " is also published by " + other + " (two services"
                        + " can share a published port only in mode: host): port '" + port.published()
                        + "' is already in use by service '" + other + "'");
            }
            ownIngress.put(published, isIngress);
        }
        ownIngress.forEach((published, isIngress) ->
                (isIngress ? ingress : host).putIfAbsent(published, "services." + service.name()));
    }

    private record PublishedPort(long port, String protocol) {
        @Override
        public String toString() {
            return port + "/" + protocol;
        }
    }
}
