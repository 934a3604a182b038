package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.deploy.DeployFailedException;
import io.github.swarmdeploy.core.deploy.DependsOn;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deploying compose files to the sandbox swarm through the api, as a front-end does. */
class StackDeploymentIT {

    /** The worker service of {@link #STACK_YAML}, to take it out of the files. */
    static final String WORKER_YAML = """
              worker:
                image: ${IMAGE}
                secrets:
                  - token
                deploy:
                  endpoint_mode: dnsrr
                  update_config:
                    monitor: 1s
            """;

    /** The secret only the worker uses. */
    static final String TOKEN_YAML = """
            secrets:
              token:
                environment: TOKEN
            """;

    /** web serves a config and has a health check; worker reads a secret given through the environment. */
    static final String STACK_YAML = """
            services:
              web:
                image: ${IMAGE}
                configs:
                  - source: page
                    target: /www/index.html
                healthcheck:
                  test: ["CMD", "/app/health.sh"]
                  interval: 1s
                  timeout: 2s
                  retries: 2
                  start_period: 1s
                deploy:
                  endpoint_mode: dnsrr
                  update_config:
                    failure_action: ${FAILURE_ACTION:-rollback}
                    monitor: 3s
                  rollback_config:
                    monitor: 1s
            """ + WORKER_YAML + """
            configs:
              page:
                file: ./page.html
            """ + TOKEN_YAML;

    /** web publishes a host-mode port; the update order comes from ORDER. */
    static final String HOST_PORT_YAML = """
            services:
              web:
                image: ${IMAGE}
                environment:
                  REVISION: ${REVISION}
                ports:
                  - target: 8080
                    published: ${PORT}
                    mode: host
                deploy:
                  endpoint_mode: dnsrr
                  update_config:
                    order: ${ORDER}
                    monitor: 1s
            """;

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    private static Map<String, String> images;

    @BeforeAll
    static void buildImages() {
        images = DeployFixture.buildImages(sandbox.connection());
    }

    private static DeployFixture basicStack(String purpose) {
        return new DeployFixture(purpose).compose(STACK_YAML).file("page.html", "<h1>one</h1>\n")
                .variable("IMAGE", images.get("v1")).variable("TOKEN", "s3cr3t-one");
    }

    @Test
    void firstDeployCreatesVersionedObjectsAndASecondOneChangesNothing() throws Exception {
        try (DeployFixture stack = basicStack("first")) {
            DeployResult first = stack.deploy();

            assertTrue(first.isSuccess(), stack::log);
            JsonNode web = stack.service("web");
            String config = web.at("/Spec/TaskTemplate/ContainerSpec/Configs/0/ConfigName").asText();
            assertTrue(config.matches(stack.stack + "_page_[0-9a-f]{16}"), config);
            assertTrue(web.at("/Spec/TaskTemplate/ContainerSpec/Image").asText().startsWith(images.get("v1") + "@sha256:"),
                    "image pinned to its digest: " + web.at("/Spec/TaskTemplate/ContainerSpec/Image"));
            assertTrue(stack.log().contains("converged"), stack::log);
            List<String> objects = stack.objects();
            JsonNode webBefore = stack.service("web");
            JsonNode workerBefore = stack.service("worker");

            stack.events.clear();
            DeployResult second = stack.deploy();

            assertFalse(second.plan().hasChanges(), second.plan()::toString);
            assertTrue(stack.log().contains("no changes"), stack::log);
            assertEquals(objects, stack.objects(), "no object changed version");
            assertEquals(webBefore.path("Version"), stack.service("web").path("Version"));
            assertEquals(webBefore.path("PreviousSpec"), stack.service("web").path("PreviousSpec"));
            assertEquals(workerBefore.path("Version"), stack.service("worker").path("Version"));
            assertEquals(webBefore.at("/Spec/TaskTemplate/ForceUpdate"), stack.service("web").at("/Spec/TaskTemplate/ForceUpdate"));

            JsonNode report = new ObjectMapper().readTree(stack.dir.resolve("target/swarm/deploy-report.json").toFile());
            assertTrue(report.path("success").asBoolean());
            assertEquals(2, report.path("services").size());
            assertEquals("unchanged", report.path("services").get(0).path("outcome").asText());
            String all = stack.log() + Files.readString(stack.dir.resolve("target/swarm/deploy-report.json"));
            assertFalse(all.contains("s3cr3t-one"), "the secret value leaked");
        }
    }

    @Test
    void changedConfigGetsANewNameAndRollsOnlyTheServicesUsingIt() {
        try (DeployFixture stack = basicStack("config")) {
            stack.deploy();
            String oldConfig = stack.service("web").at("/Spec/TaskTemplate/ContainerSpec/Configs/0/ConfigName").asText();
            long worker = stack.version("worker");

            stack.file("page.html", "<h1>two</h1>\n");
            DeployResult result = stack.deploy();

            String newConfig = stack.service("web").at("/Spec/TaskTemplate/ContainerSpec/Configs/0/ConfigName").asText();
            assertNotEquals(oldConfig, newConfig);
            assertEquals(List.of(Change.Action.UPDATE, Change.Action.UNCHANGED),
                    result.services().stream().map(DeployResult.ServiceResult::action).toList());
            assertEquals(worker, stack.version("worker"), "the worker does not use the config and was not touched");
            assertTrue(result.plan().render().contains("~ service " + stack.stack + "_web  configs: -" + oldConfig + " +" + newConfig),
                    result.plan()::toString);
            assertTrue(stack.objects().stream().anyMatch(object -> object.startsWith("configs:" + oldConfig + "@")),
                    "the old version stays for a rollback");
        }
    }

    @Test
    void secretFromTheEnvironmentRotatesItsNameRevealsNothingOfItsContentAndStacksFromBeforeTheKeyMigrateOnce() throws Exception {
        try (DeployFixture stack = basicStack("secret")) {
            stack.deploy();
            String oldSecret = stack.service("worker").at("/Spec/TaskTemplate/ContainerSpec/Secrets/0/SecretName").asText();
            long web = stack.version("web");

            stack.variable("TOKEN", "s3cr3t-two");
            DeployResult result = stack.deploy();

            String newSecret = stack.service("worker").at("/Spec/TaskTemplate/ContainerSpec/Secrets/0/SecretName").asText();
            assertNotEquals(oldSecret, newSecret);
            assertTrue(newSecret.matches(stack.stack + "_token_[0-9a-f]{16}"), newSecret);
            assertEquals(web, stack.version("web"), "web does not use the secret");
            assertTrue(result.isSuccess(), stack::log);
            assertFalse(stack.log().contains("s3cr3t-two"), "the secret value leaked");
            // whoever reads the log, the report or the swarm's labels cannot test guesses against a plain hash
            String plainHash = org.apache.commons.codec.digest.DigestUtils.sha256Hex("s3cr3t-two").substring(0, 16);
            String everything = stack.log() + Files.readString(stack.dir.resolve("target/swarm/deploy-report.json"))
                    + newSecret + sandbox.connection().fetchJson("/secrets/" + newSecret).path("Spec").path("Labels");
            assertFalse(everything.contains(plainHash), everything);
            JsonNode key = sandbox.connection().fetchJson("/configs/" + stack.stack + "_secret-key");
            assertEquals("secret-version-key", key.at("/Spec/Labels/io.github.swarmdeploy.kind").asText(), key::toString);

            stack.deployment(DeployFixture.options()).prune(new io.github.swarmdeploy.core.prune.PruneOptions(0, false,
                    false));
            assertEquals(key.path("ID"), sandbox.connection().fetchJson("/configs/" + stack.stack + "_secret-key")
                    .path("ID"), "prune keeps the key");

            // a stack deployed before its secrets were keyed (here: its key removed) gets new secret versions once
            sandbox.connection().sendJson(io.github.swarmdeploy.core.engine.HttpMethod.DELETE,
                    "/configs/" + stack.stack + "_secret-key", null);
            stack.events.clear();
            DeployResult migrated = stack.deploy();

            String migratedSecret = stack.service("worker").at("/Spec/TaskTemplate/ContainerSpec/Secrets/0/SecretName")
                    .asText();
            assertTrue(migrated.plan().render().contains("~ service " + stack.stack + "_worker  secrets: -" + newSecret
                    + " +" + migratedSecret), migrated.plan()::toString);
            assertEquals(web, stack.version("web"), "web uses no secret");
            assertTrue(stack.log().contains("Secret versions deployed before it was there get new names once"),
                    stack::log);
            assertFalse(stack.deploy().plan().hasChanges(), "once");
        }
    }

    @Test
    void failingHealthCheckRollsBackAndTheDeployFailsSayingWhy() {
        try (DeployFixture stack = basicStack("rollback")) {
            stack.deploy();
            String running = stack.image("web");

            stack.variable("IMAGE", images.get("bad"));
            SwarmDeployException failure = assertThrows(SwarmDeployException.class, stack::deploy);

            assertTrue(failure.getMessage().contains("rolled back"), failure::getMessage);
            assertTrue(failure.getMessage().contains(stack.stack + "_web"), failure::getMessage);
            SandboxSwarm.await("web back on " + running, Duration.ofSeconds(60), () -> stack.image("web"), running::equals);
            assertEquals("rollback_completed", stack.service("web").at("/UpdateStatus/State").asText());
        }
    }

    /**
     * A CI retry must not turn a failed deploy into a pass: the rerun changes nothing, yet watches the service it
     * leaves alone like an update, and fails with its task error; fixed files then converge.
     */
    @Test
    void aRerunOfAFailedDeployFailsAgainWithTheTaskErrorAndUpdatesNothingUntilTheFilesAreFixed() {
        String missing = images.get("v1").replace(":v1", ":no-such-tag");
        try (DeployFixture stack = new DeployFixture("rerun").variable("IMAGE", missing)) {
            stack.compose("""
                    services:
                      app:
                        image: ${IMAGE}
                        deploy:
                          endpoint_mode: dnsrr
                          restart_policy: {delay: 1s}
                          update_config: {monitor: 1s}
                    """);
            String app = stack.stack + "_app";
            DeployFailedException first = assertThrows(DeployFailedException.class, stack::deploy, stack::log);
            assertTrue(first.getMessage().contains(app + ": failed"), first::getMessage);
            List<String> objects = stack.objects();

            stack.events.clear();
            DeployFailedException rerun = assertThrows(DeployFailedException.class, stack::deploy, stack::log);

            assertTrue(rerun.getMessage().contains(app + ": unchanged, failed: "), rerun::getMessage);
            assertTrue(rerun.getMessage().contains("last task error: No such image: " + missing), rerun::getMessage);
            assertTrue(stack.log().contains("1 unchanged service is not healthy"), stack::log);
            assertTrue(stack.log().contains("= service " + app + "  not healthy: 0/1 running; last task error: No such"
                    + " image: " + missing), stack::log);
            assertEquals(objects, stack.objects(), "the rerun updated nothing");

            stack.variable("IMAGE", images.get("v1"));
            DeployResult fixed = stack.deploy();

            assertTrue(fixed.isSuccess(), stack::log);
            assertEquals(Verdict.CONVERGED, fixed.rollout().orElseThrow().outcomes().get(0).verdict());
        }
    }

    @Test
    void pausedUpdateFailsTheDeploy() {
        try (DeployFixture stack = basicStack("pause").variable("FAILURE_ACTION", "pause")) {
            stack.deploy();

            stack.variable("IMAGE", images.get("bad"));
            DeployFailedException failure = assertThrows(DeployFailedException.class, stack::deploy);

            assertTrue(failure.getMessage().contains("paused"), failure::getMessage);
        }
    }

    /**
     * A task that stays starting (its first health check is an hour away) is nothing Swarm gives up on: the deploy
     * waits for swarm.timeout. (A placement no node satisfies is refused before any change: UnschedulableTaskIT.)
     */
    @Test
    void serviceThatDoesNotComeUpTimesOut() {
        try (DeployFixture stack = new DeployFixture("timeout").variable("IMAGE", images.get("v1"))) {
            stack.compose("""
                    services:
                      stuck:
                        image: ${IMAGE}
                        healthcheck:
                          test: ["CMD", "true"]
                          interval: 1h
                        deploy:
                          endpoint_mode: dnsrr
                    """);
            DeployFailedException failure = assertThrows(DeployFailedException.class,
                    () -> stack.deploy(DeployFixture.options().withWait(true, Duration.ofSeconds(8))));

            assertTrue(failure.getMessage().contains("timed out"), failure::getMessage);
            assertTrue(failure.getMessage().contains(stack.stack + "_stuck"), failure::getMessage);
        }
    }

    @Test
    void zeroReplicasGlobalJobsAndOneShotTasksConverge() {
        try (DeployFixture stack = new DeployFixture("modes").variable("IMAGE", images.get("v1"))) {
            stack.compose("""
                    services:
                      zero:
                        image: ${IMAGE}
                        deploy: {replicas: 0, endpoint_mode: dnsrr}
                      everywhere:
                        image: ${IMAGE}
                        deploy: {mode: global, endpoint_mode: dnsrr}
                      once:
                        image: ${IMAGE}
                        command: ["true"]
                        deploy: {mode: replicated-job, endpoint_mode: dnsrr}
                      oneshot:
                        image: ${IMAGE}
                        command: ["sh", "-c", "echo done"]
                        deploy:
                          endpoint_mode: dnsrr
                          restart_policy: {condition: none}
                    """);
            DeployResult result = stack.deploy(DeployFixture.options().withWait(true, Duration.ofMinutes(2)));

            assertTrue(result.isSuccess(), stack::log);
            assertEquals(4, result.rollout().orElseThrow().outcomes().size());
            Plan again = stack.deploy().plan();
            assertFalse(again.hasChanges(), () -> "a second deploy of these modes changes nothing:\n" + again);
        }
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        try (DeployFixture stack = basicStack("dryrun")) {
            Plan fresh = stack.plan();
            assertEquals(List.of(), stack.objects(), "a dry run of a new stack creates nothing");
            assertTrue(fresh.render().contains("+ service " + stack.stack + "_web"), fresh::toString);

            stack.deploy();
            List<String> before = stack.objects();
            stack.variable("IMAGE", images.get("v2"));
            DeployResult dryRun = stack.deploy(DeployFixture.options().withDryRun(true));

            assertTrue(dryRun.dryRun());
            assertEquals(before, stack.objects());
            assertTrue(dryRun.plan().render().stream().anyMatch(line ->
                    line.startsWith("~ service " + stack.stack + "_web  image: …:v1@sha256:")), dryRun.plan()::toString);
            assertTrue(stack.log().contains("dry run: nothing was changed"), stack::log);
        }
    }

    @Test
    void twoDeploysOfOneStackAtTheSameTimeTakeTurns() throws Exception {
        try (DeployFixture stack = basicStack("concurrent")) {
            CompletableFuture<DeployResult> first = CompletableFuture.supplyAsync(stack::deploy);
            CompletableFuture<DeployResult> second = CompletableFuture.supplyAsync(stack::deploy);

            DeployResult a = first.get(3, TimeUnit.MINUTES);
            DeployResult b = second.get(3, TimeUnit.MINUTES);

            assertTrue(a.isSuccess() && b.isSuccess(), stack::log);
            assertTrue(stack.log().contains("waiting for the deploy of stack " + stack.stack), stack::log);
            List<Boolean> changed = List.of(a.plan().hasChanges(), b.plan().hasChanges());
            assertTrue(changed.contains(true) && changed.contains(false),
                    "one deploy created the stack, the other found nothing to do: " + changed);
        }
    }

    @Test
    void serviceNoLongerInTheFilesIsKeptUnlessPruneIsOn() {
        try (DeployFixture stack = basicStack("prune")) {
            stack.deploy();
            stack.compose(STACK_YAML.replace(WORKER_YAML, "").replace(TOKEN_YAML, ""));

            DeployResult kept = stack.deploy();
            assertTrue(kept.plan().render().contains("! service " + stack.stack
                    + "_worker  no longer in the files; left running (DeployOptions.removeOrphans=true removes it)"), kept.plan()::toString);
            assertTrue(stack.objects().stream().anyMatch(object -> object.startsWith("services:" + stack.stack + "_worker@")));

            DeployResult pruned = stack.deploy(DeployFixture.options().withRemoveOrphans(true));

            assertTrue(pruned.plan().render().contains("- service " + stack.stack + "_worker  no longer in the files"),
                    pruned.plan()::toString);
            assertTrue(stack.objects().stream().noneMatch(object -> object.startsWith("services:" + stack.stack + "_worker@")),
                    () -> "worker still there: " + stack.objects());
            assertTrue(stack.objects().stream().anyMatch(object -> object.startsWith("services:" + stack.stack + "_web@")));
        }
    }

    /**
     * depends_on, healthy mode: app is created once db's task runs (healthy: it has a healthcheck), not once db also
     * stayed up for its monitor window; that window runs on while app starts, and the deploy waits for both verdicts.
     */
    @Test
    void dependsOnHealthyCreatesADependentOnceItsDependencyRunsHealthyWithoutWaitingForItsWindow() {
        try (DeployFixture stack = new DeployFixture("order").variable("IMAGE", images.get("v1"))) {
            stack.compose(DEPENDS_ON_DB);

            DeployResult result = stack.deploy(DeployFixture.options().withDependsOn(DependsOn.HEALTHY));

            assertTrue(result.isSuccess(), stack::log);
            String db = stack.stack + "_db";
            String app = stack.stack + "_app";
            Instant dbRunningSince = runningSince(stack.service("db").path("ID").asText());
            Instant appCreated = Instant.parse(stack.service("app").path("CreatedAt").asText());
            assertFalse(appCreated.isBefore(dbRunningSince),
                    () -> "app created at " + appCreated + ", db's task healthy and running only since " + dbRunningSince);
            int dbCreated = stack.indexOf("created service " + db);
            int dbUp = stack.indexOf("depends_on: " + db + " is up; next: " + app);
            int appCreatedEvent = stack.indexOf("created service " + app);
            int dbConverged = stack.indexOf(db + ": converged");
            assertTrue(dbCreated < dbUp && dbUp < appCreatedEvent, stack::log);
            assertTrue(appCreatedEvent < dbConverged, () -> "app waited for db's 8s window:\n" + stack.log());
            assertTrue(result.rollout().orElseThrow().outcomes().stream().allMatch(
                    outcome -> outcome.verdict() == Verdict.CONVERGED),
                    () -> result.rollout().orElseThrow().outcomes().toString());
        }
    }

    /**
     * depends_on, started mode (the default, Compose's meaning): app is created once db's container started, before
     * its first healthcheck passed (db's task is still 'starting' then); both converge.
     */
    @Test
    void dependsOnStartedCreatesADependentOnceItsDependencyStartedBeforeItIsHealthy() {
        try (DeployFixture stack = new DeployFixture("started").variable("IMAGE", images.get("v1"))) {
            stack.compose(DEPENDS_ON_DB.replace("interval: 1s", "interval: 4s"));

            DeployResult result = stack.deploy();

            assertTrue(result.isSuccess(), stack::log);
            String db = stack.stack + "_db";
            String app = stack.stack + "_app";
            Instant dbHealthy = runningSince(stack.service("db").path("ID").asText());
            Instant appCreated = Instant.parse(stack.service("app").path("CreatedAt").asText());
            assertTrue(appCreated.isBefore(dbHealthy),
                    () -> "app created at " + appCreated + ", only after db was healthy at " + dbHealthy);
            assertTrue(stack.indexOf("depends_on: " + db + " is started; next: " + app)
                    < stack.indexOf("created service " + app), stack::log);
            assertTrue(result.rollout().orElseThrow().outcomes().stream().allMatch(
                    outcome -> outcome.verdict() == Verdict.CONVERGED),
                    () -> result.rollout().orElseThrow().outcomes().toString());
        }
    }

    /** app depends on db, whose healthcheck (1 s) passes once the container runs; db's monitor window is 8 s. */
    private static final String DEPENDS_ON_DB = """
            services:
              app:
                image: ${IMAGE}
                depends_on: [db]
                deploy: {endpoint_mode: dnsrr, update_config: {monitor: 1s}}
              db:
                image: ${IMAGE}
                healthcheck:
                  test: ["CMD", "/app/health.sh"]
                  interval: 1s
                  timeout: 2s
                  retries: 2
                deploy: {endpoint_mode: dnsrr, update_config: {monitor: 8s}}
            """;

    /** When the one running task of a service reached running (for a task with a healthcheck: healthy). */
    private static Instant runningSince(String serviceId) {
        String filter = URLEncoder.encode("{\"service\":[\"" + serviceId + "\"],\"desired-state\":[\"running\"]}",
                StandardCharsets.UTF_8);
        JsonNode tasks = sandbox.connection().fetchJson("/tasks?filters=" + filter);
        assertEquals(1, tasks.size(), tasks::toString);
        assertEquals("running", tasks.get(0).at("/Status/State").asText(), tasks::toString);
        return Instant.parse(tasks.get(0).at("/Status/Timestamp").asText());
    }

    @Test
    void updateKeepsTheForceUpdateCounterAndRecordsThePreviousSpec() {
        try (DeployFixture stack = basicStack("force")) {
            stack.deploy();
            JsonNode web = stack.service("web");
            com.fasterxml.jackson.databind.node.ObjectNode spec = web.get("Spec").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("TaskTemplate")).put("ForceUpdate", 5);
            sandbox.connection().sendJson(io.github.swarmdeploy.core.engine.HttpMethod.POST,
                    "/services/" + web.path("ID").asText() + "/update?version=" + web.at("/Version/Index").asLong(), spec);
            SandboxSwarm.await("the forced update of web done", Duration.ofSeconds(60),
                    () -> stack.service("web").at("/UpdateStatus/State").asText(), "completed"::equals);

            stack.variable("IMAGE", images.get("v2"));
            stack.deploy().throwIfFailed();

            JsonNode updated = stack.service("web");
            assertEquals(5, updated.at("/Spec/TaskTemplate/ForceUpdate").asInt(), "docker service update --force's counter");
            assertTrue(updated.at("/Spec/TaskTemplate/ContainerSpec/Image").asText().startsWith(images.get("v2")));
            assertTrue(updated.at("/PreviousSpec/TaskTemplate/ContainerSpec/Image").asText().startsWith(images.get("v1")),
                    "the rollback target is the version before");
        }
    }

    @Test
    void mergeRequestHearsWhichServicesChanged() {
        try (DeployFixture stack = basicStack("note");
             io.github.swarmdeploy.core.sandbox.FakeGitLab gitlab = io.github.swarmdeploy.core.sandbox.FakeGitLab.start()) {
            io.github.swarmdeploy.core.gitlab.MergeRequestNotes notes = io.github.swarmdeploy.core.gitlab.MergeRequestNotes
                    .configure(gitlab.mergeRequestPipeline("glpat-it"), null, null, stack.events::add).orElseThrow();

            stack.builder(DeployFixture.options()).mergeRequestNotes(notes).build().deploy();

            assertEquals(1, gitlab.received().size());
            String body = gitlab.received().get(0).body();
            assertTrue(body.contains(stack.stack) && body.contains(stack.stack + "_web") && body.contains("deployed"), body);
            assertFalse(body.contains("s3cr3t"), body);
        }
    }

    /**
     * A start-first update of a service publishing a host-mode port, on the one-node sandbox swarm: the new task
     * can never bind the port the old one holds, and Swarm waits forever. The plan warns at the order line, the
     * rollout fails naming the cause instead of timing out, and stop-first then deploys the same change.
     */
    @Test
    void aStartFirstUpdateThatCanNeverBindItsHostPortFailsNamingTheCauseAndStopFirstFixesIt() {
        try (DeployFixture stack = new DeployFixture("startfirst").compose(HOST_PORT_YAML)
                .variable("IMAGE", images.get("v1")).variable("PORT", String.valueOf(SandboxSwarm.freePort()))
                .variable("ORDER", "start-first").variable("REVISION", "1")) {
            String warning = "/compose.yaml:13:16 services.web.deploy.update_config.order: updates of " + stack.stack
                    + "_web can never complete: they are start-first, port " + stack.variables.get("PORT")
                    + " is published in host mode";

            DeployResult created = stack.deploy();

            assertTrue(created.isSuccess(), stack::log);
            assertTrue(warnings(stack).stream().anyMatch(line -> line.contains(warning) && line.endsWith(
                    "Use order: stop-first (the old task stops first: a short gap), or leave a node free for the new task")),
                    () -> "the plan warns at the order line with the fix:\n" + stack.log());

            stack.events.clear();
            stack.variable("REVISION", "2");
            DeployFailedException failed = assertThrows(DeployFailedException.class, stack::deploy, stack::log);

            assertTrue(failed.getMessage().contains(stack.stack + "_web: failed: start-first cannot replace the task: "
                    + "the new one needs host-mode port " + stack.variables.get("PORT")), failed::getMessage);
            assertTrue(failed.getMessage().contains("Set deploy.update_config.order: stop-first"), failed::getMessage);
            assertTrue(failed.getMessage().contains("last task error: no suitable node (host-mode port already in use"),
                    failed::getMessage);
            assertEquals("REVISION=1", runningRevision(stack), "the old version keeps running");

            stack.events.clear();
            stack.variable("ORDER", "stop-first");
            DeployResult fixed = stack.deploy();

            assertTrue(fixed.isSuccess(), stack::log);
            assertEquals("REVISION=2", runningRevision(stack));
            assertTrue(warnings(stack).stream().anyMatch(line -> line.startsWith(stack.stack + "_web: task ")
                    && line.contains("still waits for its host-mode port")), () -> "Swarm never places the task the "
                    + "failed update left pending: the deploy replaces it, and says so:\n" + stack.log());
            assertEquals(List.of(), warnings(stack).stream().filter(line -> line.contains("update_config.order")).toList());
        }
    }

    private static List<String> warnings(DeployFixture stack) {
        return stack.events.stream().filter(event -> event.level() == Event.Level.WARN).map(Event::message).toList();
    }

    /** The REVISION variable of the service's one running task. */
    private static String runningRevision(DeployFixture stack) {
        String filter = URLEncoder.encode("{\"service\":[\"" + stack.stack + "_web\"]}", StandardCharsets.UTF_8);
        List<JsonNode> running = SandboxSwarm.await("exactly one running task of " + stack.stack + "_web",
                Duration.ofSeconds(60), () -> {
                    List<JsonNode> tasks = new ArrayList<>();
                    sandbox.connection().fetchJson("/tasks?filters=" + filter).forEach(task -> {
                        if (task.at("/Status/State").asText().equals("running")) {
                            tasks.add(task);
                        }
                    });
                    return tasks;
                }, tasks -> tasks.size() == 1);
        List<String> revisions = new ArrayList<>();
        running.get(0).at("/Spec/ContainerSpec/Env").forEach(variable -> {
            if (variable.asText().startsWith("REVISION=")) {
                revisions.add(variable.asText());
            }
        });
        return String.join(",", revisions);
    }
}
