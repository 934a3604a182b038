package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a deploy will do to a stack, object by object, and what it needs to do it. {@link #render()} gives
 * the lines a person reads: a diff ({@code ~ service project_prod_backend  image: …:2024 → …:2025}).
 *
 * @param stack     the stack
 * @param networks  networks the stack's services use (not external ones)
 * @param secrets   secrets the stack owns (not external ones)
 * @param configs   configs the stack owns (not external ones)
 * @param services  services in the files, and services of the stack that no longer are
 * @param unhealthy unchanged services found not converged or not healthy, by name, with what is wrong and what
 *                  the deploy does about it (in words)
 */
public record Plan(String stack, List<NetworkStep> networks, List<SecretStep> secrets, List<ConfigStep> configs,
                   List<ServiceStep> services, Map<String, String> unhealthy) {

    public Plan {
        Objects.requireNonNull(stack, "stack");
        networks = List.copyOf(networks);
        secrets = List.copyOf(secrets);
        configs = List.copyOf(configs);
        services = List.copyOf(services);
        unhealthy = Map.copyOf(unhealthy);
    }

    /** A plan as the diff decides it, before anyone looked at the health of the services it leaves alone. */
    public Plan(String stack, List<NetworkStep> networks, List<SecretStep> secrets, List<ConfigStep> configs,
                List<ServiceStep> services) {
        this(stack, networks, secrets, configs, services, Map.of());
    }

    /** This plan, saying which unchanged services are not healthy (by name: what is wrong, what the deploy does). */
    public Plan withUnhealthy(Map<String, String> notes) {
        return new Plan(stack, networks, secrets, configs, services, notes);
    }

    /** Every change, in the order a deploy applies them: networks, secrets, configs, services. */
    public List<Change> changes() {
        return Stream.of(networks.stream().map(NetworkStep::change), secrets.stream().map(SecretStep::change),
                        configs.stream().map(ConfigStep::change), services.stream().map(ServiceStep::change))
                .flatMap(s -> s).toList();
    }

    /** Whether a deploy would change anything on the swarm. */
    public boolean hasChanges() {
        return changes().stream().anyMatch(Change::isMutation);
    }

    public Map<Change.Action, Long> countByAction() {
        Map<Change.Action, Long> counts = new EnumMap<>(Change.Action.class);
        changes().forEach(change -> counts.merge(change.action(), 1L, Long::sum));
        return counts;
    }

    /** For an unchanged service found not healthy: what is wrong, and what the deploy does about it. */
    public Optional<String> notHealthy(Change change) {
        return change.kind() == Change.Kind.SERVICE && change.action() == Change.Action.UNCHANGED
                ? Optional.ofNullable(unhealthy.get(change.name())) : Optional.empty();
    }

    /** The plan as lines: a summary, then one line per object (fields of an update on lines of their own). */
    public List<String> render() {
        List<String> lines = new ArrayList<>();
        Map<Change.Action, Long> counts = countByAction();
        if (!hasChanges()) {
            lines.add("Plan for stack " + stack + ": no changes (" + counts.getOrDefault(Change.Action.UNCHANGED, 0L)
                    + " objects up to date)");
        } else {
            lines.add("Plan for stack " + stack + ": " + counts.getOrDefault(Change.Action.CREATE, 0L) + " to create, "
                    + counts.getOrDefault(Change.Action.UPDATE, 0L) + " to update, "
                    + counts.getOrDefault(Change.Action.REMOVE, 0L) + " to remove, "
                    + counts.getOrDefault(Change.Action.UNCHANGED, 0L) + " unchanged");
        }
        if (!unhealthy.isEmpty()) {
            lines.set(0, lines.get(0) + "; " + unhealthy.size() + " unchanged "
                    + (unhealthy.size() == 1 ? "service is" : "services are") + " not healthy");
        }
        for (Change change : changes()) {
            String head = change.action().symbol() + " " + change.kind().word() + " " + change.name();
            List<String> details = new ArrayList<>(change.fields().stream().map(FieldChange::render).toList());
            if (!change.note().isEmpty()) {
                details.add(change.note());
            }
            notHealthy(change).ifPresent(details::add);
            if (details.isEmpty()) {
                lines.add(head);
                continue;
            }
            lines.add(head + "  " + details.get(0));
            String indent = " ".repeat(head.length() + 2);
            details.subList(1, details.size()).forEach(detail -> lines.add(indent + detail));
        }
        return lines;
    }

    @Override
    public String toString() {
        return render().stream().collect(Collectors.joining("\n"));
    }

    /** A network to create, or already there. */
    public record NetworkStep(Change change, DesiredNetwork desired) {
    }

    /** A secret to create, or already there. Its value never leaves {@link DesiredSecret#data()}. */
    public record SecretStep(Change change, DesiredSecret desired) {
    }

    /** A config to create, or already there. */
    public record ConfigStep(Change change, DesiredConfig desired) {
    }

    /**
     * A service to create, update, leave alone or remove.
     *
     * @param desired the service from the files; empty for one that is no longer in them
     * @param spec    the spec to send (config/secret references by name, image as decided, the live
     *                {@code ForceUpdate} kept); empty for one that is no longer in the files
     * @param live    the service on the swarm, when there is one
     * @param image   the image the service will run
     */
    public record ServiceStep(Change change, Optional<DesiredService> desired, Optional<ObjectNode> spec,
                              Optional<LiveStack.Service> live, String image) {
    }
}
