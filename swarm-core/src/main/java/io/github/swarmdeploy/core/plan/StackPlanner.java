package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares what the files want with what the swarm has and decides, per object, what a deploy does. Pure:
 * the live stack and the image decisions are read beforehand.
 */
public final class StackPlanner {

    /** The plan's words for an unchanged service whose update Swarm paused, updated to resume it. */
    static final String RESUME = "Swarm's update of it is paused: sent again with ForceUpdate raised (docker service"
            + " update --force), which restarts the update on every task; its rollback target becomes this same spec";

    /**
     * @param images the image decided for each service, by service name
     * @param prune  whether services of the stack that are no longer in the files are removed
     */
    public Plan plan(DesiredStack desired, LiveStack live, Map<String, ImagePinning.Decision> images, boolean prune) {
        List<Plan.NetworkStep> networks = new ArrayList<>();
        for (DesiredNetwork network : desired.networks()) {
            if (network.external()) {
                continue;
            }
            Change change = live.network(network.name())
                    .map(existing -> networkUnchanged(network, existing))
                    .orElse(Change.of(Change.Kind.NETWORK, network.name(), Change.Action.CREATE));
            networks.add(new Plan.NetworkStep(change, network));
        }
        // keys that name one object (with the same content: Preflight.checkSharedNames) make one step
        Set<String> secretNames = new HashSet<>();
        List<Plan.SecretStep> secrets = new ArrayList<>();
        for (DesiredSecret secret : desired.secrets()) {
            if (!secret.external() && secretNames.add(secret.name())) {
                secrets.add(new Plan.SecretStep(objectChange(Change.Kind.SECRET, secret.name(),
                        live.secret(secret.name()).isPresent()), secret));
            }
        }
        Set<String> configNames = new HashSet<>();
        List<Plan.ConfigStep> configs = new ArrayList<>();
        for (DesiredConfig config : desired.configs()) {
            if (!config.external() && configNames.add(config.name())) {
                configs.add(new Plan.ConfigStep(objectChange(Change.Kind.CONFIG, config.name(),
                        live.config(config.name()).isPresent()), config));
            }
        }
        SpecNormalizer normalizer = new SpecNormalizer(live::networkName, live.features());
        List<Plan.ServiceStep> services = new ArrayList<>();
        for (DesiredService service : desired.services()) {
            services.add(serviceStep(service, live.service(service.name()), images.get(service.name()), normalizer));
        }
        Set<String> wanted = desired.services().stream().map(DesiredService::name).collect(Collectors.toSet());
        for (LiveStack.Service orphan : live.services()) {
            if (wanted.contains(orphan.name())) {
                continue;
            }
            Change change = prune
                    ? Change.of(Change.Kind.SERVICE, orphan.name(), Change.Action.REMOVE).withNote("no longer in the files")
                    : Change.of(Change.Kind.SERVICE, orphan.name(), Change.Action.KEEP)
                            .withNote("no longer in the files; left running (" + Option.REMOVE_ORPHANS.is(true) + " removes it)");
            services.add(new Plan.ServiceStep(change, Optional.empty(), Optional.empty(), Optional.of(orphan),
                    orphan.image()));
        }
        return new Plan(desired.name(), networks, secrets, configs, services);
    }

    private Plan.ServiceStep serviceStep(DesiredService service, Optional<LiveStack.Service> live,
                                         ImagePinning.Decision image, SpecNormalizer normalizer) {
        ObjectNode spec = service.spec();
        ObjectNode container = object(object(spec, "TaskTemplate"), "ContainerSpec");
        if (image != null) {
            container.put("Image", image.image());
            if (!image.platforms().isEmpty()) {
                // docker's client restricts placement to the platforms of the image it pinned
                ArrayNode platforms = object(object(spec, "TaskTemplate"), "Placement").putArray("Platforms");
                image.platforms().forEach(platform -> platforms.addObject()
                        .put("Architecture", platform.architecture()).put("OS", platform.os()));
            }
        }
        String runs = container.path("Image").asText();
        // promotion by digest: the plan says where the image comes from
        String promoted = image == null ? "" : image.promotedFrom().map(from -> "promoted from " + from).orElse("");
        if (live.isEmpty()) {
            return new Plan.ServiceStep(Change.of(Change.Kind.SERVICE, service.name(), Change.Action.CREATE)
                    .withNote(promoted), Optional.of(service), Optional.of(spec), live, runs);
        }
        // a deploy keeps the counter `docker service update --force` raised
        JsonNode forceUpdate = live.get().spec().path("TaskTemplate").path("ForceUpdate");
        if (forceUpdate.isNumber()) {
            object(spec, "TaskTemplate").set("ForceUpdate", forceUpdate);
        }
        List<FieldChange> fields = SpecDiff.between(normalizer.normalize(live.get().spec()), normalizer.normalize(spec));
        if (fields.isEmpty() && live.get().updateState().equals("paused")) {
            // Swarm keeps a paused update paused until the service is updated again (a node that was down and came
            // back pauses the update that waited for it). The same spec sent again was seen to leave the slots it
            // had not reached on the old spec, with no update in progress: a raised ForceUpdate always restarts it
            object(spec, "TaskTemplate").put("ForceUpdate", forceUpdate.asLong(0) + 1);
            return new Plan.ServiceStep(new Change(Change.Kind.SERVICE, service.name(), Change.Action.UPDATE, fields,
                    RESUME), Optional.of(service), Optional.of(spec), live, runs);
        }
        Change.Action action = fields.isEmpty() ? Change.Action.UNCHANGED : Change.Action.UPDATE;
        return new Plan.ServiceStep(new Change(Change.Kind.SERVICE, service.name(), action, fields, promoted),
                Optional.of(service), Optional.of(spec), live, runs);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode child = parent.get(field);
        return child instanceof ObjectNode object ? object : parent.putObject(field);
    }

    private static Change networkUnchanged(DesiredNetwork network, LiveStack.Network existing) {
        Change change = Change.of(Change.Kind.NETWORK, network.name(), Change.Action.UNCHANGED);
        if (!network.driver().isEmpty() && !network.driver().equals(existing.driver())) {
            return change.withNote("exists with driver " + existing.driver() + " instead of " + network.driver()
                    + "; networks cannot be updated: remove it to recreate it");
        }
        return change;
    }

    private static Change objectChange(Change.Kind kind, String name, boolean exists) {
        return Change.of(kind, name, exists ? Change.Action.UNCHANGED : Change.Action.CREATE);
    }
}
