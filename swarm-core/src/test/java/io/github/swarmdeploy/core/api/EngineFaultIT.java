package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.deploy.StackNotDeployableException;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.lock.StackLock;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import io.github.swarmdeploy.core.sandbox.SwarmCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad days of the engine and the deploy process, on a private {@link SwarmCluster} (a manager and a worker, never
 * the shared sandbox: these tests restart the manager's dockerd and cut the registry off): the manager restarted
 * while the rollout is watched, the deploy process killed half-way, the registry down while digests are resolved,
 * two deploys of one stack at once. Every outcome is checked on the swarm.
 */
class EngineFaultIT {

    /** {@code app}: two replicas updated one at a time, a new task {@code starting} for a few seconds. */
    private static final String APP_YAML = """
            services:
              app:
                image: ${IMAGE}
                stop_grace_period: 1s
                environment:
                  REVISION: ${REVISION}
                healthcheck:
                  test: ["CMD-SHELL", "test -f /tmp/warm || { sleep 3; touch /tmp/warm; exit 1; }"]
                  interval: 1s
                  timeout: 10s
                  start_period: 30s
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  update_config:
                    parallelism: 1
                    delay: 1s
                    monitor: 1s
            """;

    /**
     * Two levels of depends_on: {@code second} is created only once {@code first} runs healthy (a few seconds), so
     * a deploy killed in between has made the network, the config, the secret and {@code first}, not {@code second}.
     */
    private static final String TWO_LEVELS_YAML = APP_YAML.replace("  app:", "  first:") + """
                configs:
                  - source: page
                    target: /www/page.html
              second:
                image: ${IMAGE}
                stop_grace_period: 1s
                depends_on: [first]
                secrets: [token]
                deploy:
                  endpoint_mode: dnsrr
                  update_config:
                    monitor: 1s
            configs:
              page:
                content: "<h1>${REVISION}</h1>"
            secrets:
              token:
                environment: TOKEN
            """;

    private static final Duration AWAIT = Duration.ofSeconds(90);
    private static final Duration LEASE = Duration.ofSeconds(5);

    @RegisterExtension
    static final SwarmCluster.PerClass nodes = SwarmCluster.perClass(1);

    private final String image = DeployFixture.clusterImage();
    private final SwarmCluster cluster = nodes.cluster();

    /**
     * The manager's dockerd restarts (SIGTERM: it stops its containers; then it starts again on its data) while the
     * deploy watches the update: the watch rides the outage out and resumes, or fails saying the engine went away;
     * either way the lock does not outlive the deploy, and a rerun converges.
     */
    @Test
    void theManagersEngineRestartedDuringTheWatchIsRiddenOutTheLockIsReleasedAndARerunConverges() throws Exception {
        try (DeployFixture stack = new DeployFixture("restart", cluster.managerHost()).compose(APP_YAML)
                .variable("IMAGE", image).variable("REVISION", "1")) {
            assertTrue(stack.deploy().isSuccess(), stack::log);
            stack.events.clear();
            stack.variable("REVISION", "2");

            CompletableFuture<Object> update = stack.deployInBackground();
            SandboxSwarm.await("the update under way", AWAIT, () -> stack.log(), log -> log.contains("_app: updating"));
            cluster.managerNode().restart();
            Object result = update.get(3, TimeUnit.MINUTES);

            if (result instanceof DeployResult resumed) {
                assertTrue(resumed.isSuccess(), stack::log);
                assertTrue(stack.log().contains("answers again"), () -> "the outage is told:\n" + stack.log());
            } else {
                SwarmDeployException failed = assertInstanceOf(SwarmDeployException.class, result, stack::log);
                assertTrue(failed instanceof EngineException || failed.getCause() instanceof EngineException,
                        () -> "the engine went away, not a rollout verdict: " + failed);
            }
            assertEquals(List.of(), locks(stack), "the lock was released at the end of the deploy");

            stack.events.clear();
            DeployResult rerun = stack.deploy();

            assertTrue(rerun.isSuccess(), stack::log);
            assertEquals(2, runningWith(stack, "app", "REVISION=2"), stack::log);
        }
    }

    /**
     * The deploy process is killed (SIGKILL) after it created the network, config, secret and first service, while
     * it waits for first to be up: its lock stays, without heartbeat. A rerun takes the lock over one lease later and
     * converges; no half-made object stays behind (one version of each config and secret, both services, no lock).
     */
    @Test
    void aDeployKilledAfterSomeCreatesLeavesALockTheRerunTakesOverAndTheRerunConvergesWithNothingHalfMade()
            throws Exception {
        try (DeployFixture stack = new DeployFixture("killed", cluster.managerHost()).compose(TWO_LEVELS_YAML)
                .variable("IMAGE", image).variable("REVISION", "1").variable("TOKEN", "s3cr3t")) {
            Process deploy = stack.startProcess(LEASE);
            try {
                SandboxSwarm.await("first created and second not yet (the process's log: " + stack.dir.resolve(
                        "process.log") + ")", AWAIT, () -> serviceNames(stack),
                        names -> names.contains(stack.stack + "_first") || !deploy.isAlive());
                assertEquals(List.of(stack.stack + "_first"), serviceNames(stack), stack::processLog);
            } finally {
                deploy.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            assertEquals(1, locks(stack).size(), "the killed deploy's lock stays: " + stack.processLog());

            DeployResult rerun = stack.deploy(withLease(DeployFixture.options()));

            assertTrue(rerun.isSuccess(), stack::log);
            assertTrue(stack.events.stream().anyMatch(event -> event.level() == Event.Level.WARN
                    && event.message().contains("is stale: no heartbeat for") && event.message().endsWith("took it over")),
                    stack::log);
            assertEquals(List.of(stack.stack + "_first", stack.stack + "_second"), serviceNames(stack));
            assertEquals(List.of(), locks(stack), "the rerun released the lock it took over");
            List<String> objects = stack.objects();
            assertEquals(1, objects.stream().filter(object -> object.startsWith("configs:" + stack.stack + "_page_"))
                    .count(), objects::toString);
            assertEquals(1, objects.stream().filter(object -> object.startsWith("secrets:" + stack.stack + "_token_"))
                    .count(), objects::toString);
            assertEquals(2, runningWith(stack, "first", "REVISION=1"));
            assertEquals(1, runningWith(stack, "second", ""));
        }
    }

    /**
     * The registry does not answer the nodes while the deploy resolves digests: with swarm.resolveImage.strict a
     * clear error before any change; without, the documented fallback (a warning, the running service's pinned
     * digest kept when its tag did not change), and nothing changed.
     */
    @Test
    void theRegistryDownWhileResolvingDigestsIsAClearErrorBeforeAnyChangeOrTheDocumentedFallback() {
        try (DeployFixture stack = new DeployFixture("registry", cluster.managerHost()).compose(APP_YAML)
                .variable("IMAGE", image).variable("REVISION", "1")) {
            assertTrue(stack.deploy().isSuccess(), stack::log);
            List<String> objects = stack.objects();
            String pinned = stack.image("app");
            cluster.cutRegistry();

            stack.variable("REVISION", "2");
            StackNotDeployableException strict = assertThrows(StackNotDeployableException.class, () -> stack.deploy(
                    DeployFixture.options().withImages(io.github.swarmdeploy.core.plan.ImagePolicy.ALWAYS, true)));

            assertTrue(strict.getMessage().contains("services.app.image: cannot resolve the digest of " + image
                    + " (" + Option.RESOLVE_IMAGE_STRICT.is(true) + "): "), strict::getMessage);
            assertEquals(objects, stack.objects(), "nothing changed");

            stack.events.clear();
            stack.variable("REVISION", "1");
            DeployResult fallback = stack.deploy();

            assertTrue(fallback.isSuccess(), stack::log);
            assertTrue(stack.events.stream().anyMatch(event -> event.level() == Event.Level.WARN && event.message()
                    .startsWith("image " + image + " could not be accessed on a registry to record its digest")),
                    stack::log);
            assertFalse(fallback.plan().hasChanges(), fallback.plan()::toString);
            assertEquals(pinned, stack.image("app"), "the digest the service is pinned to stays");
            assertEquals(objects, stack.objects(), "nothing changed");
        }
    }

    /**
     * Two deploys of one stack with different files, started at once: one waits for the other, and the stack ends
     * exactly as the files of the one that ran second say (swarm.removeOrphans: services only in the first's files go).
     */
    @Test
    void twoDeploysOfOneStackWithDifferentFilesTakeTurnsAndTheSecondsFilesWin() throws Exception {
        try (DeployFixture stack = new DeployFixture("race", cluster.managerHost())
                .variable("IMAGE", image).variable("REVISION", "1")) {
            stack.file("a.yaml", APP_YAML.replace("${REVISION}", "a") + """
                      only-a:
                        image: ${IMAGE}
                        stop_grace_period: 1s
                        deploy:
                          endpoint_mode: dnsrr
                    """);
            stack.file("b.yaml", APP_YAML.replace("${REVISION}", "b").replace("replicas: 2", "replicas: 1") + """
                      only-b:
                        image: ${IMAGE}
                        stop_grace_period: 1s
                        deploy:
                          endpoint_mode: dnsrr
                    """);
            Map<String, List<Event>> events = new TreeMap<>();
            List<CompletableFuture<Object>> deploys = new ArrayList<>();
            for (String file : List.of("a", "b")) {
                List<Event> heard = new CopyOnWriteArrayList<>();
                events.put(file, heard);
                DeployOptions options = DeployFixture.options().withRemoveOrphans(true);
                deploys.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return stack.builder(options, file + ".yaml", stack.recorder(heard)).build().deploy();
                    } catch (SwarmDeployException e) {
                        return e;
                    }
                }));
            }
            for (CompletableFuture<Object> deploy : deploys) {
                assertInstanceOf(DeployResult.class, deploy.get(3, TimeUnit.MINUTES), events::toString);
            }

            List<String> waited = events.entrySet().stream().filter(entry -> entry.getValue().stream()
                    .anyMatch(event -> event.message().startsWith("waiting for the deploy of stack " + stack.stack)))
                    .map(Map.Entry::getKey).toList();
            assertEquals(1, waited.size(), () -> "one waited for the other: " + events);
            String second = waited.get(0);
            String first = second.equals("a") ? "b" : "a";
            assertEquals(List.of(stack.stack + "_app", stack.stack + "_only-" + second), serviceNames(stack),
                    "exactly the services of " + second + ".yaml");
            JsonNode app = stack.service("app");
            assertTrue(app.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Env").toString()
                    .contains("REVISION=" + second), app::toString);
            assertEquals(second.equals("a") ? 2 : 1, app.path("Spec").path("Mode").path("Replicated").path("Replicas")
                    .asInt(), app::toString);
            assertEquals(List.of(), locks(stack));
            assertTrue(events.get(second).stream().anyMatch(event -> event.message().equals("- service " + stack.stack
                    + "_only-" + first + "  no longer in the files")), () -> events.get(second).toString());
        }
    }

    private static DeployOptions withLease(DeployOptions options) {
        return options.withLock(options.lock().withLease(LEASE));
    }


    /** The stack's lock config, if any (its name, as the manager lists it). */
    private static List<String> locks(DeployFixture stack) {
        String filters = URLEncoder.encode("{\"name\":[\"" + StackLock.nameFor(stack.stack) + "\"]}",
                StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        stack.engine.fetchJson("/configs?filters=" + filters).forEach(config -> names.add(config.path("Spec")
                .path("Name").asText()));
        return names;
    }

    private static List<String> serviceNames(DeployFixture stack) {
        List<String> names = new ArrayList<>();
        stack.engine.fetchJson("/services?filters=" + SandboxSwarm.labelFilter(stack.stack))
                .forEach(service -> names.add(service.path("Spec").path("Name").asText()));
        return names.stream().sorted().toList();
    }

    /** How many tasks of {@code <stack>_<key>} run (desired and observed) with {@code variable} in their env. */
    private static long runningWith(DeployFixture stack, String key, String variable) {
        return MultiNodeIT.tasks(stack.engine, stack.stack + "_" + key).stream()
                .filter(task -> "running".equals(task.path("Status").path("State").asText())
                        && "running".equals(task.path("DesiredState").asText())
                        && task.path("Spec").path("ContainerSpec").path("Env").toString().contains(variable))
                .count();
    }
}
