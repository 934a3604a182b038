package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keep/remove decision, free of I/O. Within one stack, and among the objects swarm-deploy created:
 * <ul>
 *   <li>a config or secret is kept while any service's current spec <em>or previous spec</em> points at
 *       it (removing a rollback target would break {@code docker service rollback});</li>
 *   <li>the newest {@code keep} versions of each logical key are kept regardless (newest by creation
 *       time, the swarm's version index breaking ties);</li>
 *   <li>a config or secret is kept while a record of the stack's history that a rollback may return to (the newest
 *       of the history's keep) uses it;</li>
 *   <li>a network is kept while any service's current or previous spec attaches to it (a rollback creates one
 *       that is gone again);</li>
 *   <li>everything else is removed.</li>
 * </ul>
 * Objects of the stack that swarm-deploy did not create are kept and say so; objects of other stacks, the
 * stack's deploy lock (which prune itself holds while it works) and the key that names its secret versions
 * are not part of the plan at all.
 */
public final class PruneRules {

    /** How many versions of each key a prune keeps unless told otherwise. */
    public static final int DEFAULT_KEEP = 3;

    private static final Comparator<StackObject> NEWEST_FIRST = Comparator
            .comparing(StackObject::createdAt)
            .thenComparingLong(StackObject::versionIndex)
            .thenComparing(StackObject::name)
            .reversed();

    private static final Comparator<StackObject> PRESENTATION_ORDER = Comparator
            .comparing(StackObject::kind)
            .thenComparing(object -> object.key().orElse(""))
            .thenComparing(NEWEST_FIRST);

    private PruneRules() {
    }

    /**
     * @param snapshot the stack, the services of the swarm, and the records of the stack's history to keep what they
     *                 need for (the newest of the history's keep)
     */
    public static PrunePlan decide(StackSnapshot snapshot, int keep) {
        OptionValues.atLeast(Option.PRUNE_KEEP, keep, 0, "versions kept per key");
        List<StackObject> ours = snapshot.objects().stream()
                .filter(object -> object.namespace().filter(snapshot.stack()::equals).isPresent())
                .filter(object -> !object.isBookkeeping())
                .sorted(PRESENTATION_ORDER)
                .toList();
        Map<StackObject, Integer> ranks = rankWithinKey(ours);

        List<PruneDecision> decisions = new ArrayList<>();
        for (StackObject object : ours) {
            if (!object.isManaged()) {
                decisions.add(PruneDecision.keep(object, List.of(new PruneReason.NotCreatedBySwarmDeploy())));
                continue;
            }
            List<PruneReason> reasons = new ArrayList<>(usages(object, snapshot.services()));
            List<Long> records = snapshot.history().stream().filter(record -> record.uses(object))
                    .map(StackSnapshot.RecordUsage::sequence).sorted().toList();
            if (!records.isEmpty()) {
                reasons.add(new PruneReason.NeededByHistory(records));
            }
            if (object.kind() != ObjectKind.NETWORK) {
                if (object.key().isEmpty()) {
                    reasons.add(new PruneReason.WithoutKey());
                } else if (ranks.get(object) <= keep) {
                    reasons.add(new PruneReason.AmongNewest(object.key().get(), ranks.get(object), keep));
                }
            }
            decisions.add(reasons.isEmpty()
                    ? PruneDecision.remove(object, new PruneReason.Unused(object.kind(), object.key().orElse(null), keep))
                    : PruneDecision.keep(object, reasons));
        }
        return new PrunePlan(snapshot.stack(), keep, decisions);
    }

    private static List<PruneReason> usages(StackObject object, List<ServiceUsage> services) {
        List<PruneReason> reasons = new ArrayList<>();
        for (ServiceUsage service : services) {
            if (service.current().references(object)) {
                reasons.add(new PruneReason.UsedByService(service.service(), false));
            }
            if (service.previous().references(object)) {
                reasons.add(new PruneReason.UsedByService(service.service(), true));
            }
        }
        return reasons;
    }

    /** 1 for the newest managed version of each (kind, key), 2 for the next, and so on. */
    private static Map<StackObject, Integer> rankWithinKey(List<StackObject> sortedNewestFirstWithinKey) {
        Map<String, Integer> seen = new HashMap<>();
        Map<StackObject, Integer> ranks = new HashMap<>();
        for (StackObject object : sortedNewestFirstWithinKey) {
            if (object.isManaged() && object.key().isPresent()) {
                String group = object.kind() + "\u0000" + object.key().get();
                ranks.put(object, seen.merge(group, 1, Integer::sum));
            }
        }
        return ranks;
    }
}
