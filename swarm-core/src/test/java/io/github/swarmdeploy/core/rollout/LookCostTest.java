package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.FakeSwarm;
import io.github.swarmdeploy.core.naming.StackLabels;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one look at N services costs the engine: the same few calls for 3 services as for 60 (nodes, the stack's
 * services, the tasks of their current specs), never one call per service; counted on the in-memory
 * {@link FakeSwarm}.
 */
class LookCostTest {

    private static final String STACK = "app";

    /** The engine calls of each look of a rollout of {@code count} created services, until all converged. */
    private static List<List<String>> callsPerLook(int count) {
        FakeSwarm swarm = new FakeSwarm().schedulesTasks();
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        swarm.clock(() -> now[0]);
        List<WatchedService> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = STACK + "_s" + i;
            services.add(WatchedService.created(swarm.createService(spec(name), Optional.empty()).id(), name));
        }
        List<List<String>> looks = new ArrayList<>();
        int[] seen = {swarm.calls().size()};
        Sleeper sleeper = duration -> {
            looks.add(methods(swarm.calls().subList(seen[0], swarm.calls().size())));
            seen[0] = swarm.calls().size();
            now[0] = now[0].plus(duration);
            swarm.advanceTasks();
        };
        RolloutReport report = new RolloutWatcher(swarm, event -> { }).inStack(STACK)
                .withClock(clock(() -> now[0]), sleeper).withPollInterval(Duration.ofSeconds(1))
                .watch(services, Duration.ofMinutes(5));
        assertTrue(report.isSuccess(), report::failureMessage);
        return looks;
    }

    @Test
    void aLookCostsTheSameFewCallsForThreeServicesAsForSixty() {
        List<List<String>> few = callsPerLook(3);
        List<List<String>> many = callsPerLook(60);

        assertEquals(few, many, "the same calls, look after look, whatever the number of services");
        assertTrue(few.size() >= 3, "several looks were taken: " + few);
        assertEquals(List.of("fetchNodes", "fetchServices", "fetchTasks"), many.get(0),
                "nodes, the stack's services, their current tasks: one call each (sent at once, in no set order)");
    }

    /**
     * A deploy that changed one service of sixty reads that service and its tasks at each look (by ID), not the whole
     * stack; sixty are read by the stack's label, one filter value whatever their number.
     */
    @Test
    void aFewWatchedServicesAreReadByIdManyByTheStacksLabel() {
        FakeSwarm swarm = new FakeSwarm().schedulesTasks();
        List<WatchedService> all = runningUnchanged(swarm, 60);
        RolloutWatcher watcher = new RolloutWatcher(swarm, event -> { }).inStack(STACK);

        int before = swarm.calls().size();
        watcher.checkHealth(all.subList(0, 1));
        List<FakeSwarm.Call> one = List.copyOf(swarm.calls().subList(before, swarm.calls().size()));
        before = swarm.calls().size();
        watcher.checkHealth(all);
        List<FakeSwarm.Call> sixty = List.copyOf(swarm.calls().subList(before, swarm.calls().size()));

        String id = all.get(0).id();
        for (String method : List.of("fetchServices", "fetchTasks")) {
            String byId = filtersOf(one, method);
            String byLabel = filtersOf(sixty, method);
            assertTrue(byId.contains(id) && !byId.contains(StackLabels.NAMESPACE), one::toString);
            assertTrue(byLabel.contains(StackLabels.NAMESPACE) && !byLabel.contains(id), sixty::toString);
        }
    }

    @Test
    void aHealthLookAtManyUnchangedServicesIsOneRead() {
        FakeSwarm swarm = new FakeSwarm().schedulesTasks();
        List<WatchedService> services = runningUnchanged(swarm, 40);
        int before = swarm.calls().size();

        List<ServiceOutcome> looks = new RolloutWatcher(swarm, event -> { }).inStack(STACK).checkHealth(services);

        assertEquals(40, looks.stream().filter(look -> look.verdict() == Verdict.HEALTHY).count(), looks::toString);
        assertEquals(List.of("fetchNodes", "fetchServices", "fetchTasks"),
                methods(swarm.calls().subList(before, swarm.calls().size())));
    }

    /** The methods of these calls, sorted: a look sends its calls at once, so they come in no set order. */
    private static List<String> methods(List<FakeSwarm.Call> calls) {
        return calls.stream().map(FakeSwarm.Call::method).sorted().toList();
    }

    /** What the one call of {@code method} among {@code calls} asked for (its filters). */
    private static String filtersOf(List<FakeSwarm.Call> calls, String method) {
        List<String> found = calls.stream().filter(call -> call.method().equals(method)).map(FakeSwarm.Call::name)
                .toList();
        assertEquals(1, found.size(), calls::toString);
        return found.get(0);
    }

    /** {@code count} services of the stack, created on {@code swarm} and running, as a deploy finds them unchanged. */
    private static List<WatchedService> runningUnchanged(FakeSwarm swarm, int count) {
        List<WatchedService> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = STACK + "_s" + i;
            services.add(WatchedService.unchanged(swarm.createService(spec(name), Optional.empty()).id(), name));
        }
        swarm.advanceTasks().advanceTasks();
        return services;
    }

    /** A replicated service of one task in the stack, with a 1s monitor window. */
    private static ObjectNode spec(String name) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("Name", name);
        spec.putObject("Labels").put(StackLabels.NAMESPACE, STACK);
        spec.putObject("TaskTemplate").putObject("ContainerSpec").put("Image", "registry.example/app:1");
        spec.putObject("Mode").putObject("Replicated").put("Replicas", 1);
        spec.putObject("UpdateConfig").put("Monitor", Duration.ofSeconds(1).toNanos());
        return spec;
    }

    private static Clock clock(java.util.function.Supplier<Instant> now) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }
}
