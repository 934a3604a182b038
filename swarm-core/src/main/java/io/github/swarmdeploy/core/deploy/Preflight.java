package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.image.ImageReference;
import io.github.swarmdeploy.core.image.InvalidImageReferenceException;
import io.github.swarmdeploy.core.naming.ContentHash;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.ImagePinning;
import io.github.swarmdeploy.core.plan.LiveStack;
import io.github.swarmdeploy.core.rollout.Placement;
import io.github.swarmdeploy.core.rollout.RolloutWatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything that would make a deploy fail half-way, checked before the first change: what the stack refers
 * to but does not create must exist, images must be valid references, an object with an explicit name must
 * not need to change. Pure: works on what was read from the swarm.
 */
final class Preflight {

    private final Function<String, Optional<Position>> positionOf;

    /** @param positionOf where a key path ({@code services.web.image}) is written, when it is known */
    Preflight(Function<String, Optional<Position>> positionOf) {
        this.positionOf = positionOf;
    }

    /** A problem with what {@code path} says, placed where it is written. */
    private Problem at(String path, String message) {
        return new Problem(positionOf.apply(path).orElse(null), path, message);
    }

    /**
     * Configs (and secrets) of the stack that share a name with other content or labels, found without an engine:
     * Swarm keeps one object per name and cannot change its content, so the second could never be created. Keys that
     * name one object with the same content are one object, created once (as docker updates the second onto the
     * first).
     */
    List<Problem> checkSharedNames(DesiredStack desired) {
        List<Problem> problems = new ArrayList<>();
        checkSharedNames(problems, "configs", desired.configs().stream().map(config -> new FileObject(config.key(),
                config.name(), config.external(), config.labels(), config.data())).toList());
        checkSharedNames(problems, "secrets", desired.secrets().stream().map(secret -> new FileObject(secret.key(),
                secret.name(), secret.external(), secret.labels(), secret.data())).toList());
        return problems;
    }

    /** What {@link #checkSharedNames} compares of a config or secret. */
    private record FileObject(String key, String name, boolean external, Map<String, String> labels, byte[] data) {

        boolean isSameObjectAs(FileObject other) {
            return Arrays.equals(data, other.data) && labels.equals(other.labels);
        }
    }

    private void checkSharedNames(List<Problem> problems, String section, List<FileObject> objects) {
        String kind = section.substring(0, section.length() - 1);
        Map<String, FileObject> byName = new LinkedHashMap<>();
        for (FileObject object : objects) {
            FileObject first = object.external() ? null : byName.putIfAbsent(object.name(), object);
            if (first != null && !first.isSameObjectAs(object)) {
                problems.add(at(section + "." + object.key(), kind + " name \"" + object.name() + "\" is also the name of "
                        + section + "." + first.key() + positionOf.apply(section + "." + first.key())
                        .map(position -> " (" + position + ")").orElse("") + ", with other content or labels: Swarm"
                        + " keeps one " + kind + " per name and cannot change its content; give one of them another"
                        + " name, or drop name: so that every content gets its own name"));
            }
        }
    }

    /** Problems with the images, found without an engine. */
    List<Problem> checkImages(DesiredStack desired) {
        List<Problem> problems = new ArrayList<>();
        for (DesiredService service : desired.services()) {
            String image = image(service);
            try {
                ImageReference.parse(image);
            } catch (InvalidImageReferenceException e) {
                problems.add(at("services." + service.key() + ".image", e.getMessage()));
            }
        }
        return problems;
    }

    /** Problems between the stack and the swarm it is to be deployed on. */
    List<Problem> checkAgainst(DesiredStack desired, LiveStack live, Map<String, ImagePinning.Decision> images,
                               boolean strictImages) {
        List<Problem> problems = new ArrayList<>();
        for (DesiredNetwork network : desired.networks()) {
            if (!network.external() || network.isPredefined()) {
                continue;
            }
            Optional<LiveStack.Network> found = live.network(network.name());
            String where = "networks." + network.key();
            if (found.isEmpty()) {
                problems.add(at(where, "network \"" + network.name() + "\" is declared as external, but could not be"
                        + " found. You need to create a swarm-scoped network before the stack is deployed"
                        + " (docker network create --driver overlay --scope swarm " + network.name() + ")"));
            } else if (!found.get().scope().equals("swarm")) {
                problems.add(at(where, "network \"" + network.name() + "\" is declared as external, but it is not in"
                        + " the right scope: \"" + found.get().scope() + "\" instead of \"swarm\""));
            }
        }
        for (DesiredSecret secret : desired.secrets()) {
            checkObject(problems, "secrets", secret.key(), secret.name(), secret.external(), secret.labels(),
                    secret.data(), live.secret(secret.name()));
        }
        for (DesiredConfig config : desired.configs()) {
            checkObject(problems, "configs", config.key(), config.name(), config.external(), config.labels(),
                    config.data(), live.config(config.name()));
        }
        for (DesiredService service : desired.services()) {
            checkPorts(problems, service, live.otherPorts());
        }
        if (strictImages) {
            for (DesiredService service : desired.services()) {
                ImagePinning.Decision decision = images.get(service.name());
                if (decision != null && decision.failed()) {
                    problems.add(at("services." + service.key() + ".image", "cannot resolve the digest of "
                            + image(service) + " (" + Option.RESOLVE_IMAGE_STRICT.is(true) + "): " + decision.problem()));
                }
            }
        }
        return problems;
    }

    /**
     * Services whose placement constraints no node of the swarm satisfies, whatever its state: Swarm would accept
     * them and keep their tasks pending for ever. Global services are left alone (a task on each node that matches,
     * none while none does, is what they ask for), and so are services scaled to 0.
     */
    List<Problem> checkPlacement(DesiredStack desired, List<SwarmNode> nodes) {
        List<Problem> problems = new ArrayList<>();
        for (DesiredService service : desired.services()) {
            JsonNode spec = service.spec();
            JsonNode mode = spec.path("Mode");
            if (mode.path("Global").isObject() || mode.path("GlobalJob").isObject()
                    || (mode.path("Replicated").isObject() && replicas(mode) == 0)) {
                continue;
            }
            List<String> constraints = new ArrayList<>();
            spec.path("TaskTemplate").path("Placement").path("Constraints").forEach(c -> constraints.add(c.asText()));
            Placement.unsatisfiable(constraints, nodes).ifPresent(problem -> problems.add(at("services."
                    + service.key() + ".deploy.placement.constraints", problem + ": Swarm would keep the tasks"
                    + " of " + service.name() + " pending for ever; change the constraint, or give a node what it asks"
                    + " for (node.labels.*: docker node update --label-add)")));
        }
        return problems;
    }

    /**
     * A port another service of the swarm publishes (swarmkit's checkPortConflicts): the engine would refuse
     * to create or update this service after the deploy changed what comes before it.
     */
    private void checkPorts(List<Problem> problems, DesiredService service, List<LiveStack.PublishedPort> otherPorts) {
        for (JsonNode port : service.spec().path("EndpointSpec").path("Ports")) {
            long published = port.path("PublishedPort").asLong(0);
            if (published == 0) {
                continue;
            }
            String protocol = port.path("Protocol").asText("").isEmpty() ? "tcp"
                    : port.path("Protocol").asText().toLowerCase(Locale.ROOT);
            boolean ingress = !port.path("PublishMode").asText("").equals("host");
            otherPorts.stream().filter(other -> other.conflictsWith(published, protocol, ingress))
                    .findFirst().ifPresent(other -> problems.add(at("services." + service.key() + ".ports",
                            "port " + published + "/" + protocol + " is already published by service "
                            + other.service() + " (not in this stack) in " + (other.ingress() ? "ingress" : "host")
                            + " mode; two services can share a published port only when both publish it in mode: host")));
        }
    }

    /**
     * An external object must exist; one of the stack whose name exists must hold the same content (Swarm cannot
     * change it), as far as the existing one's hash label tells: made the same way (plain, or under the same secret
     * key), or plain by a swarm-deploy from before secrets were keyed (then compared with the plain hash of the
     * content, which is never shown). Under another key nothing can be told.
     */
    private void checkObject(List<Problem> problems, String section, String key, String name, boolean external,
                             Map<String, String> labels, byte[] data, Optional<LiveStack.SwarmObject> existing) {
        String kind = section.substring(0, section.length() - 1);
        String where = section + "." + key;
        if (external) {
            if (existing.isEmpty()) {
                problems.add(at(where, "external " + kind + " \"" + name + "\" not found: create it (docker " + kind
                        + " create " + name + " …) before deploying, or drop external: to let the stack own it"));
            }
            return;
        }
        String existingHash = existing.map(object -> object.labels().getOrDefault(StackLabels.HASH, "")).orElse("");
        String existingKey = existing.map(object -> object.labels().get(StackLabels.HASH_KEY)).orElse(null);
        String wantedHash;
        if (Objects.equals(existingKey, labels.get(StackLabels.HASH_KEY))) {
            wantedHash = labels.getOrDefault(StackLabels.HASH, ""); // made the same way
        } else if (existingKey == null && labels.containsKey(StackLabels.HASH)) {
            wantedHash = ContentHash.of(data).hex(); // plain, by a swarm-deploy from before secrets were keyed
        } else {
            wantedHash = ""; // under another key: nothing can be told
        }
        if (!wantedHash.isEmpty() && !existingHash.isEmpty() && !wantedHash.equals(existingHash)) {
            problems.add(at(where, "a " + kind + " named \"" + name + "\" exists with other content, and Swarm " + section
                    + " cannot change: give it a new name, or drop name: so that every content gets its own name"));
        }
    }

    /**
     * Settings Swarm accepts but cannot carry out on this swarm: a start-first update of a service that
     * publishes a port in host mode, when no node is left free for the new task (a global service, or at least
     * as many replicas as nodes that take tasks). A node binds a host-mode port for one task only, Swarm stops
     * the old task only once the new one runs, and so waits forever ({@code no suitable node (host-mode port
     * already in use)}). Placement constraints are not considered: they only make fewer nodes eligible.
     *
     * <p>And networks of the stack whose subnet cannot hold the addresses the stack asks of them
     * ({@link #networkCapacity}).
     *
     * @param availableNodes nodes that are ready and active (take new tasks)
     */
    List<String> warnings(DesiredStack desired, int availableNodes) {
        List<String> warnings = new ArrayList<>();
        for (DesiredService service : desired.services()) {
            JsonNode spec = service.spec();
            List<Long> hostPorts = new ArrayList<>();
            for (JsonNode port : spec.path("EndpointSpec").path("Ports")) {
                if (port.path("PublishMode").asText("").equals("host") && port.path("PublishedPort").asLong(0) > 0) {
                    hostPorts.add(port.path("PublishedPort").asLong());
                }
            }
            if (hostPorts.isEmpty() || !spec.path("UpdateConfig").path("Order").asText("").equals("start-first")) {
                continue;
            }
            JsonNode mode = spec.path("Mode");
            String noNodeFree;
            if (mode.path("Global").isObject()) {
                noNodeFree = "it is global (a task on every node)";
            } else if (mode.path("Replicated").isObject() && replicas(mode) > 0 && replicas(mode) >= availableNodes) {
                long replicas = replicas(mode);
                noNodeFree = replicas + (replicas == 1 ? " replica" : " replicas") + " on " + availableNodes
                        + (availableNodes == 1 ? " node that takes" : " nodes that take") + " tasks "
                        + (replicas == 1 ? "leaves" : "leave") + " none free";
            } else {
                continue;
            }
            warnings.add(at("services." + service.key() + ".deploy.update_config.order", "updates of "
                    + service.name() + " can never complete: they are start-first, port "
                    + hostPorts.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " is published in host mode (a node binds it for one task only), " + noNodeFree
                    + ", and Swarm stops the old task only once the new one runs (\"no suitable node ("
                    + RolloutWatcher.HOST_PORT_IN_USE + ")\"). Use order: stop-first (the old task stops first: a short gap), or leave a "
                    + "node free for the new task").toString());
        }
        warnings.addAll(networkCapacity(desired, availableNodes));
        return warnings;
    }

    /** Addresses Swarm keeps from a subnet's pool: the network's own, its broadcast and the gateway's. */
    private static final int RESERVED_ADDRESSES = 3;
    /** The subnet Swarm gives an overlay network whose file declares none ({@code docker swarm init}'s default). */
    private static final int DEFAULT_PREFIX = 24;

    /**
     * Overlay networks of the stack whose IPv4 subnets (declared under {@code ipam.config}, else Swarm's default
     * /24) cannot hold what the stack asks of them: an address per task, a virtual IP per service attached in
     * endpoint mode vip (dnsrr needs none), and one per node that runs a task on it (its load balancer). Swarm
     * accepts such a stack and leaves the tasks it cannot address in state new, silently: say so before.
     * External networks are left alone (who else uses them is unknown).
     */
    private List<String> networkCapacity(DesiredStack desired, int availableNodes) {
        Map<String, DesiredNetwork> networks = new LinkedHashMap<>();
        desired.networks().stream().filter(network -> !network.external() && network.driver().equals("overlay"))
                .forEach(network -> networks.put(network.name(), network));
        Map<String, long[]> demand = new LinkedHashMap<>(); // network name -> {tasks, virtual IPs}
        for (DesiredService service : desired.services()) {
            JsonNode spec = service.spec();
            long tasks = tasks(spec.path("Mode"), availableNodes);
            boolean vip = !spec.path("EndpointSpec").path("Mode").asText("vip").equals("dnsrr");
            for (JsonNode attachment : spec.path("TaskTemplate").path("Networks")) {
                String target = attachment.path("Target").asText();
                if (networks.containsKey(target)) {
                    long[] counts = demand.computeIfAbsent(target, name -> new long[2]);
                    counts[0] += tasks;
                    counts[1] += vip ? 1 : 0;
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        demand.forEach((name, counts) -> {
            DesiredNetwork network = networks.get(name);
            List<String> subnets = network.ipam().map(DesiredNetwork.Ipam::subnets).orElse(List.of()).stream()
                    .filter(subnet -> subnet.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")).toList();
            long capacity = subnets.isEmpty() ? (1L << (32 - DEFAULT_PREFIX)) - RESERVED_ADDRESSES
                    : subnets.stream().mapToLong(subnet -> Math.max(0, (1L << (32 - Integer.parseInt(
                            subnet.substring(subnet.indexOf('/') + 1)))) - RESERVED_ADDRESSES)).sum();
            long loadBalancers = Math.min(availableNodes, counts[0]);
            long wanted = counts[0] + counts[1] + loadBalancers;
            if (wanted <= capacity) {
                return;
            }
            warnings.add(at("networks." + network.key() + (subnets.isEmpty() ? "" : ".ipam.config"),
                    "network " + name + " cannot hold what the stack asks of it: its "
                    + (subnets.isEmpty() ? "subnet, Swarm's default /" + DEFAULT_PREFIX + " (none is declared),"
                    : (subnets.size() == 1 ? "subnet " : "subnets ") + String.join(", ", subnets))
                    + " " + (subnets.size() > 1 ? "have " : "has ") + capacity + " addresses for " + counts[0]
                    + (counts[0] == 1 ? " task, " : " tasks, ") + counts[1] + (counts[1] == 1 ? " virtual IP" : " virtual IPs")
                    + " (endpoint_mode: vip) and up to " + loadBalancers + " for the nodes' load balancers (" + wanted
                    + "). Swarm leaves the tasks it cannot address in state new, and the rollout fails; declare a larger"
                    + " subnet (ipam.config), use endpoint_mode: dnsrr where no virtual IP is needed, or spread the"
                    + " services over more networks").toString());
        });
        return warnings;
    }

    /** How many tasks a service runs at once: its replicas, one per node, a job's MaxConcurrent. */
    private static long tasks(JsonNode mode, int availableNodes) {
        if (mode.path("Global").isObject() || mode.path("GlobalJob").isObject()) {
            return availableNodes;
        }
        if (mode.path("ReplicatedJob").isObject()) {
            JsonNode concurrent = mode.path("ReplicatedJob").path("MaxConcurrent");
            return concurrent.isNumber() ? concurrent.asLong() : 1;
        }
        return replicas(mode);
    }

    /** The replica count; Swarm's default of one when the file sets none. */
    private static long replicas(JsonNode mode) {
        JsonNode replicas = mode.path("Replicated").path("Replicas");
        return replicas.isNumber() ? replicas.asLong() : 1;
    }

    static String image(DesiredService service) {
        return SwarmService.image(service.spec());
    }
}
