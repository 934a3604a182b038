package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.FieldChange;
import io.github.swarmdeploy.core.plan.ImagePinning;
import io.github.swarmdeploy.core.plan.LiveStack;
import io.github.swarmdeploy.core.plan.Plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The record of a deploy or rollback, made from its plan before the first change. Pure.
 *
 * <p>The specs it keeps are the stack as the plan leaves it: what it sends to services it creates or updates, what
 * it would send to those it leaves unchanged (equal in meaning to what runs), and, for services no longer in the
 * files that it leaves running, their live spec; services it removes are not in it. All by name
 * ({@link AppliedStack#byName}).
 */
public final class PlanRecords {

    private PlanRecords() {
    }

    /**
     * @param images the image decided for each service, by name (a promoted one says where from)
     */
    public static DeployRecord of(long sequence, DeployRecord.Kind kind, OptionalLong returnedTo, Instant startedAt,
                                  DeployOrigin origin, DesiredStack desired, LiveStack live, Plan plan,
                                  Map<String, ImagePinning.Decision> images) {
        Map<Change.Action, Long> counts = plan.countByAction();
        List<DeployRecord.ServiceEntry> services = new ArrayList<>();
        List<AppliedStack.AppliedService> applied = new ArrayList<>();
        for (Plan.ServiceStep step : plan.services()) {
            Change change = step.change();
            Optional<JsonNode> spec = step.spec().map(JsonNode.class::cast)
                    .or(() -> step.live().map(LiveStack.Service::spec));
            boolean removed = change.action() == Change.Action.REMOVE;
            List<String> fields = new ArrayList<>(new LinkedHashSet<>(change.fields().stream()
                    .map(FieldChange::field).toList()));
            JsonNode kept = spec.filter(ignored -> !removed).orElse(null);
            services.add(new DeployRecord.ServiceEntry(change.name(), change.action(), fields,
                    removed ? "" : step.image(),
                    kept == null ? List.of() : AppliedStack.referenceNames(kept, "Configs", "ConfigName"),
                    kept == null ? List.of() : AppliedStack.referenceNames(kept, "Secrets", "SecretName"),
                    Optional.ofNullable(images.get(change.name())).flatMap(ImagePinning.Decision::promotedFrom)));
            if (kept != null) {
                String key = step.desired().map(DesiredService::key).orElse(DeployRecord.shortName(desired.name(), change.name()));
                applied.add(new AppliedStack.AppliedService(change.name(), key,
                        step.desired().map(DesiredService::dependsOn).orElse(List.of()),
                        AppliedStack.byName(kept, live::networkName)));
            }
        }
        return new DeployRecord(desired.name(), sequence, kind, startedAt, DeployRecord.Outcome.RUNNING,
                Optional.empty(), "", returnedTo, origin,
                new DeployRecord.Counts(counts.getOrDefault(Change.Action.CREATE, 0L),
                        counts.getOrDefault(Change.Action.UPDATE, 0L), counts.getOrDefault(Change.Action.REMOVE, 0L),
                        counts.getOrDefault(Change.Action.UNCHANGED, 0L) + counts.getOrDefault(Change.Action.KEEP, 0L)),
                services, Optional.of(new AppliedStack(applied, desired.networks())), "");
    }
}
