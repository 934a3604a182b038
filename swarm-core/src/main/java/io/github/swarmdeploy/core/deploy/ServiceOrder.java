package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.Plan;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The order services are deployed in: each after the services it lists under {@code depends_on} (what "after"
 * means is the {@link DependsOn} mode's), every other pair in parallel. Services in a dependency cycle (and those
 * that depend on one) cannot be ordered among themselves: each waits only for the services it depends on that can
 * be. Removals are not part of the order (they come first, as with docker); nor is anything with
 * {@link DependsOn#IGNORE}.
 */
final class ServiceOrder {

    private ServiceOrder() {
    }

    /** For each service the plan creates, updates or leaves alone, the names of those it waits for. */
    static Map<String, Set<String>> dependencies(Plan plan, DesiredStack desired, DependsOn mode) {
        Map<String, String> nameByKey = new HashMap<>();
        desired.services().forEach(service -> nameByKey.put(service.key(), service.name()));
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (Plan.ServiceStep step : plan.services()) {
            if (step.change().action() != Change.Action.REMOVE) {
                declared.put(step.change().name(), new LinkedHashSet<>());
            }
        }
        if (mode == DependsOn.IGNORE) {
            return declared;
        }
        for (DesiredService service : desired.services()) {
            Set<String> names = declared.get(service.name());
            if (names == null) {
                continue;
            }
            service.dependsOn().stream().map(nameByKey::get)
                    .filter(name -> name != null && !name.equals(service.name()) && declared.containsKey(name))
                    .forEach(names::add);
        }
        // services placed one after the other; those never placed are in or behind a cycle
        Set<String> placed = new LinkedHashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, Set<String>> entry : declared.entrySet()) {
                if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue())) {
                    placed.add(entry.getKey());
                    progress = true;
                }
            }
        }
        Map<String, Set<String>> order = new LinkedHashMap<>();
        declared.forEach((name, dependencies) -> {
            Set<String> waitsFor = new LinkedHashSet<>(dependencies);
            if (!placed.contains(name)) {
                waitsFor.retainAll(placed);
            }
            order.put(name, Set.copyOf(waitsFor));
        });
        return order;
    }
}
