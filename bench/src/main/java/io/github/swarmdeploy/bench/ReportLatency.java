package io.github.swarmdeploy.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmTask;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How late a task's state shows in the manager's task list ({@code GET /tasks}) after the timestamp Swarm gives it.
 * A rollout's monitor window is measured from those timestamps; {@code ServiceTracker.REPORTING_LAG} keeps the
 * verdict that much behind them, so that a failure inside the window has reached the list before the window is called
 * stable. This measures what the lag must cover, on the machine and under the load at hand.
 *
 * <p>Creates services one after another whose one task runs for 2 s and then fails (restart condition none) and
 * watches their tasks every 10 ms. For {@code running} and {@code failed}: the first look that shows the state minus
 * the state's own timestamp, an upper bound (it includes the poll interval and the call). Each service is removed
 * before the next is created. The engine is the one the environment names ({@code DOCKER_HOST}), on this machine: its
 * clock is ours.
 *
 * <pre>
 * java -cp CLASSPATH io.github.swarmdeploy.bench.ReportLatency --image IMAGE [--count 10]
 * </pre>
 */
public final class ReportLatency {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);
    private static final List<String> STATES = List.of("running", "failed");

    private ReportLatency() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = MainOptions.parse(args);
        String image = MainOptions.required(options, "image");
        int count = Integer.parseInt(options.getOrDefault("count", "10"));
        String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        Map<String, List<Double>> lateMillis = new HashMap<>();
        try (EngineConnection engine = EngineConnection.open(EngineSettings.fromEnvironment(System.getenv()))) {
            SwarmApi swarm = engine.swarm();
            for (int i = 0; i < count; i++) {
                String id = swarm.createService(failingService("bench-latency-" + run + "-" + i, image),
                        Optional.empty()).id();
                try {
                    Map<String, Duration> seen = watch(swarm, id);
                    seen.forEach((state, late) -> lateMillis.computeIfAbsent(state, s -> new ArrayList<>())
                            .add((double) late.toMillis()));
                    System.out.printf(Locale.ROOT, "service %d: %s%n", i, describe(seen));
                } finally {
                    swarm.removeService(id);
                }
            }
        }
        for (String state : STATES) {
            Results.Spread.of(lateMillis.getOrDefault(state, List.of())).ifPresent(spread -> System.out.printf(
                    Locale.ROOT, "%s: %d seen, median %.0f ms, max %.0f ms%n", state, spread.n(), spread.median(),
                    spread.max()));
        }
    }

    /** Until the task failed: for each state, when a look first showed it, less the state's own timestamp. */
    private static Map<String, Duration> watch(SwarmApi swarm, String serviceId) throws InterruptedException {
        Map<String, Duration> seen = new HashMap<>();
        Instant giveUp = Instant.now().plus(GIVE_UP);
        while (!seen.containsKey("failed") && Instant.now().isBefore(giveUp)) {
            List<SwarmTask> tasks = swarm.fetchTasks(Filters.service(serviceId));
            Instant now = Instant.now();
            for (SwarmTask task : tasks) {
                if (STATES.contains(task.state()) && task.statusAt().isPresent()) {
                    seen.putIfAbsent(task.state(), Duration.between(task.statusAt().get(), now));
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        return seen;
    }

    private static String describe(Map<String, Duration> seen) {
        List<String> parts = new ArrayList<>();
        for (String state : STATES) {
            parts.add(state + " " + (seen.containsKey(state) ? seen.get(state).toMillis() + " ms late" : "not seen"));
        }
        return String.join(", ", parts);
    }

    private static ObjectNode failingService(String name, String image) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode spec = json.objectNode().put("Name", name);
        spec.putObject("Labels").put("io.github.swarmdeploy.bench", "report-latency");
        ObjectNode task = spec.putObject("TaskTemplate");
        ObjectNode container = task.putObject("ContainerSpec").put("Image", image);
        container.putArray("Command").add("sh").add("-c").add("sleep 2; exit 1");
        task.putObject("RestartPolicy").put("Condition", "none");
        spec.putObject("Mode").putObject("Replicated").put("Replicas", 1);
        return spec;
    }
}
