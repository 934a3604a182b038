package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.ObjectIds;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.FakeSwarm;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a deploy sends to the engine and in which order, against the in-memory {@link FakeSwarm}: networks,
 * secrets, configs and removals, then services each after those it {@code depends_on}, in parallel up to
 * {@link DeployOptions#parallelism()}; the bodies are exactly what {@link CreateRequests} (the builder the
 * docker-parity oracle checks) and the converter build.
 */
class PlanApplierTest {

    private static final String STACK = "shop";
    private static final String YAML = """
            services:
              db:
                image: registry.example/db:1
                secrets: [pw]
              api:
                image: registry.example/api:1
                depends_on: [db]
                configs: [conf]
                networks: [back]
              web:
                image: registry.example/web:1
                depends_on: [api]
                networks: [back, front]
              worker:
                image: registry.example/worker:1
            networks:
              back:
                driver_opts: {com.docker.network.driver.mtu: "1400"}
                ipam: {config: [{subnet: 172.28.5.0/24}]}
                labels: {tier: back}
              front:
                attachable: true
            configs:
              conf:
                content: "listen 80"
                template_driver: golang
            secrets:
              pw:
                environment: PW
            """;

    @TempDir
    Path dir;

    private final FakeSwarm swarm = new FakeSwarm();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    /** The stack as the deploy converts it, once it knows the key of its secret versions. */
    private final AtomicReference<DesiredStack> converted = new AtomicReference<>();

    private Function<SecretVersionKey, DesiredStack> desired(String yaml) throws IOException {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, yaml);
        StackDefinition definition = StackLoader.forFiles(List.of(file)).environment(Map.of("PW", "s3cr3t"))
                .stackName(STACK).load().definition();
        return key -> {
            DesiredStack desired = new StackConverter(new ContentVersionNamer(definition, EventListener.IGNORE, key))
                    .convert(STACK, definition);
            converted.set(desired);
            return desired;
        };
    }

    private static DeployOptions options() {
        return DeployOptions.defaults().withWait(false, Duration.ofMinutes(1)).withImages(ImagePolicy.NEVER, false)
                .withLock(Duration.ZERO, Duration.ofMinutes(30), "test");
    }

    private DeployResult deploy(Function<SecretVersionKey, DesiredStack> desired, DeployOptions options) {
        return new StackDeployer(swarm, options, events::add, Clock.systemUTC()).deploy(STACK, desired, path -> Optional.empty());
    }

    private static int indexOf(List<String> writes, String write) {
        int index = writes.indexOf(write);
        assertTrue(index >= 0, () -> "no '" + write + "' in " + writes);
        return index;
    }

    @Test
    void whatIsSentIsWhatTheOneBuilderBuildsOurLabelsIncluded() throws IOException {
        deploy(desired(YAML), options());
        DesiredStack desired = converted.get();

        // the oracle checks CreateRequests against docker; this pins that production sends CreateRequests' bodies
        for (DesiredNetwork network : desired.networks()) {
            ObjectNode sent = swarm.sent("createNetwork", network.name());
            assertEquals(CreateRequests.network(network), sent, network.name());
            assertEquals("true", sent.path("Labels").path(StackLabels.MANAGED).asText(), "ours, so prune may remove it");
        }
        for (DesiredSecret secret : desired.secrets()) {
            assertEquals(CreateRequests.secret(secret), swarm.sent("createSecret", secret.name()), secret.name());
        }
        for (DesiredConfig config : desired.configs()) {
            ObjectNode sent = swarm.sent("createConfig", config.name());
            assertEquals(CreateRequests.config(config), sent, config.name());
            assertEquals("conf", sent.path("Labels").path(StackLabels.KEY).asText());
        }
        // services: the converter's spec with the IDs of what was just created
        Map<String, String> configIds = new HashMap<>();
        swarm.configNames().forEach(name -> configIds.put(name, swarm.fetchConfig(name).orElseThrow().id()));
        Map<String, String> secretIds = new HashMap<>();
        swarm.fetchSecrets(io.github.swarmdeploy.core.engine.Filters.none())
                .forEach(secret -> secretIds.put(secret.name(), secret.id()));
        for (DesiredService service : desired.services()) {
            assertEquals(service.specWith(new ObjectIds(configIds, secretIds)), swarm.sent("createService", service.name()),
                    service.name());
        }
    }

    @Test
    void networksSecretsAndConfigsFirstThenServicesEachAfterThoseItDependsOn() throws IOException {
        deploy(desired(YAML), options());

        List<String> writes = swarm.writes();
        List<String> objects = List.of("createNetwork shop_back", "createNetwork shop_default", "createNetwork shop_front",
                "createSecret " + swarm.secretNames().get(0), "createConfig " + swarm.configNames().stream().filter(name -> name.startsWith("shop_conf_")).findFirst().orElseThrow());
        int lastObject = objects.stream().mapToInt(object -> indexOf(writes, object)).max().orElseThrow();
        int firstService = writes.stream().filter(write -> write.startsWith("createService ")).mapToInt(writes::indexOf)
                .min().orElseThrow();
        assertTrue(lastObject < firstService, () -> "every object before the services that may refer to it: " + writes);
        // db and worker (no depends_on) first, then api (on db), then web (on api)
        assertTrue(indexOf(writes, "createService shop_db") < indexOf(writes, "createService shop_api"),
                writes::toString);
        assertTrue(indexOf(writes, "createService shop_api") < indexOf(writes, "createService shop_web"),
                writes::toString);
        // the lock is taken before the first change (the key of the secret versions) and released after the last
        assertEquals(List.of("createConfig shop_deploy-lock", "createConfig shop_secret-key"), writes.subList(0, 2),
                writes::toString);
        assertEquals("removeConfig shop_deploy-lock", writes.get(writes.size() - 1), writes::toString);
    }

    @Test
    void removalsComeBeforeAnyServiceIsCreatedAndAnUnchangedStackGetsNoCall() throws IOException {
        deploy(desired(YAML), options());
        String withoutWorker = YAML.replace("""
                  worker:
                    image: registry.example/worker:1
                """, "");
        String withNewService = withoutWorker.replace("services:\n", "services:\n  cron:\n    image: registry.example/cron:1\n");
        int before = swarm.writes().size();

        deploy(desired(withNewService), options().withRemoveOrphans(true));

        List<String> writes = swarm.writes().subList(before, swarm.writes().size());
        assertEquals(List.of("createConfig shop_deploy-lock", "createConfig shop_history-2", "removeService shop_worker",
                "createService shop_cron", "updateConfig shop_history-2", "removeConfig shop_deploy-lock"), writes,
                "unchanged networks, secret, config, services: no call; the deploy is recorded before its first change"
                        + " and how it ended after the last");
    }

    @Test
    void servicesOfOneLevelAreCreatedInParallel() throws IOException {
        // db and worker form the first level: each waits here until both have arrived, which only happens in parallel
        CountDownLatch bothArrived = new CountDownLatch(2);
        Map<String, Boolean> sawTheOther = new ConcurrentHashMap<>();
        swarm.beforeServiceWrite(name -> {
            if (name.equals("shop_db") || name.equals("shop_worker")) {
                bothArrived.countDown();
                try {
                    sawTheOther.put(name, bothArrived.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        DeployResult result = deploy(desired(YAML), options());

        assertTrue(result.isSuccess(), () -> String.valueOf(result.failure()));
        assertEquals(Map.of("shop_db", true, "shop_worker", true), sawTheOther);
    }

    @Test
    void withParallelismOneTheServicesOfALevelAreCreatedOneAfterTheOther() throws IOException {
        Map<String, Set<Thread>> threadsByLevel = new ConcurrentHashMap<>();
        swarm.beforeServiceWrite(name -> threadsByLevel.computeIfAbsent(
                name.equals("shop_db") || name.equals("shop_worker") ? "first" : name, level -> ConcurrentHashMap.newKeySet())
                .add(Thread.currentThread()));

        deploy(desired(YAML), options().withParallelism(1));

        assertEquals(1, threadsByLevel.get("first").size(), "db and worker on one thread, in turn: " + threadsByLevel);
        assertEquals(List.of("shop_api", "shop_db", "shop_web", "shop_worker"),
                swarm.serviceNames().stream().sorted().toList());
    }

    @Test
    void aLevelTheEngineRefusesLeavesTheLevelsAfterItUntouched() throws IOException {
        swarm.beforeServiceWrite(name -> {
            if (name.equals("shop_api")) {
                throw new EngineException(400, "POST /services/create failed on the fake swarm: 400 invalid mount");
            }
        });

        DeployResult result = deploy(desired(YAML), options());

        assertFalse(result.isSuccess());
        assertTrue(result.failure().orElseThrow().getMessage().startsWith("cannot create service shop_api: "),
                result.failure().orElseThrow().getMessage());
        assertFalse(swarm.serviceNames().contains("shop_web"), "web depends on api: never created");
        Map<String, String> outcomes = new HashMap<>();
        result.services().forEach(service -> outcomes.put(service.name(), service.outcome()));
        assertEquals("created", outcomes.get("shop_db"));
        assertTrue(outcomes.get("shop_api").startsWith("refused: "), outcomes::toString);
        assertTrue(outcomes.get("shop_web").startsWith("not deployed: "), outcomes::toString);
        assertEquals(Change.Action.CREATE, result.services().stream().filter(s -> s.name().equals("shop_web"))
                .findFirst().orElseThrow().action());
    }
}
