package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.plan.EngineFeatures;
import io.github.swarmdeploy.core.plan.FieldChange;
import io.github.swarmdeploy.core.plan.SpecDiff;
import io.github.swarmdeploy.core.plan.SpecNormalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Whether a stack still runs what its last deploy applied, or someone changed it since ({@code docker service
 * update} by hand, a service created or removed outside a deploy). Compared as a deploy plans: both specs
 * normalised ({@link SpecNormalizer}), so what the engine fills in or reorders is no drift, and changed fields
 * named as compose names them, environment variables by name only. Pure.
 */
public final class Drift {

    private Drift() {
    }

    /** How one service differs from what the record applied. */
    public enum Kind {
        /** Its spec is not what the deploy applied. */
        CHANGED,
        /** The deploy left it, it is gone. */
        MISSING,
        /** It runs, the deploy did not leave it. */
        ADDED
    }

    /**
     * One service that drifted.
     *
     * @param fields for {@link Kind#CHANGED}, what differs from the applied spec to the live one
     */
    public record ServiceDrift(String service, Kind kind, List<FieldChange> fields) {

        public ServiceDrift {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(kind, "kind");
            fields = List.copyOf(fields);
        }

        /** {@code environment: +DEBUG}, {@code removed since}, {@code not deployed by swarm-deploy}. */
        public String describe() {
            return switch (kind) {
                case CHANGED -> fields.stream().map(FieldChange::render).collect(Collectors.joining("; "));
                case MISSING -> "removed since";
                case ADDED -> "created since, not by a deploy";
            };
        }
    }

    /**
     * The services of {@code live} that are not as {@code applied} left them, in the record's order, then those
     * it did not have.
     *
     * @param live        the stack's services now: name to spec
     * @param networkName a network's name from its ID (live specs name networks by ID)
     * @param apiVersion  the engine's API version, so that fields it ignores are not taken for drift
     */
    public static List<ServiceDrift> between(AppliedStack applied, Map<String, JsonNode> live,
                                             UnaryOperator<String> networkName, String apiVersion) {
        SpecNormalizer normalizer = new SpecNormalizer(networkName, new EngineFeatures(apiVersion));
        List<ServiceDrift> drifts = new ArrayList<>();
        for (AppliedStack.AppliedService service : applied.services()) {
            JsonNode now = live.get(service.name());
            if (now == null) {
                drifts.add(new ServiceDrift(service.name(), Kind.MISSING, List.of()));
                continue;
            }
            List<FieldChange> fields = SpecDiff.between(normalizer.normalize(service.spec()), normalizer.normalize(now));
            if (!fields.isEmpty()) {
                drifts.add(new ServiceDrift(service.name(), Kind.CHANGED, fields));
            }
        }
        Set<String> known = applied.services().stream().map(AppliedStack.AppliedService::name)
                .collect(Collectors.toSet());
        live.keySet().stream().filter(name -> !known.contains(name)).sorted()
                .forEach(name -> drifts.add(new ServiceDrift(name, Kind.ADDED, List.of())));
        return drifts;
    }
}
