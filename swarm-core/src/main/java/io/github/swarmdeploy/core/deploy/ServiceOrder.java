package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.Plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order services are deployed in: levels of {@code depends_on} (a service after every service it depends
 * on; the services of one level in parallel). Without any {@code depends_on}, all services form one level.
 * A dependency cycle cannot be ordered: its services go, together, into the last level. Removals are not
 * part of any level (they come first, as with docker).
 */
final class ServiceOrder {

    private ServiceOrder() {
    }

    static List<List<Plan.ServiceStep>> levels(Plan plan, DesiredStack desired) {
        Map<String, String> nameByKey = new HashMap<>();
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (DesiredService service : desired.services()) {
            nameByKey.put(service.key(), service.name());
        }
        for (DesiredService service : desired.services()) {
            Set<String> names = new LinkedHashSet<>();
            service.dependsOn().stream().map(nameByKey::get).filter(name -> name != null && !name.equals(service.name()))
                    .forEach(names::add);
            dependencies.put(service.name(), names);
        }
        Map<String, Plan.ServiceStep> steps = new LinkedHashMap<>();
        plan.services().stream().filter(step -> step.change().action() != Change.Action.REMOVE)
                .forEach(step -> steps.put(step.change().name(), step));

        List<List<Plan.ServiceStep>> levels = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        Set<String> pending = new LinkedHashSet<>(steps.keySet());
        while (!pending.isEmpty()) {
            List<Plan.ServiceStep> level = new ArrayList<>();
            for (String name : pending) {
                if (placed.containsAll(dependencies.getOrDefault(name, Set.of()))) {
                    level.add(steps.get(name));
                }
            }
            if (level.isEmpty()) {
                pending.forEach(name -> level.add(steps.get(name)));
            }
            level.forEach(step -> {
                placed.add(step.change().name());
                pending.remove(step.change().name());
            });
            levels.add(level);
        }
        return levels;
    }
}
