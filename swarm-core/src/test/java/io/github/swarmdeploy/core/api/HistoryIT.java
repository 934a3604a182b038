package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.deploy.PromotionFrom;
import io.github.swarmdeploy.core.deploy.RemovalResult;
import io.github.swarmdeploy.core.deploy.RemoveOptions;
import io.github.swarmdeploy.core.history.DeployOrigin;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.history.Drift;
import io.github.swarmdeploy.core.history.HistoryOptions;
import io.github.swarmdeploy.core.history.StackStatus;
import io.github.swarmdeploy.core.lock.LockOptions;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.prune.PruneOptions;
import io.github.swarmdeploy.core.prune.PruneReport;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploy history, rollback, status, remove and promotion by digest on the sandbox swarm, through the api a front-end
 * uses (issue 12's scenarios).
 */
class HistoryIT {

    /** v1: web serves a config; MODE and page vary; {@link #mergeWorker()} adds a worker. */
    private static final String V1 = """
            services:
              web:
                image: ${IMAGE}
                stop_grace_period: 1s
                environment:
                  MODE: ${MODE}
                configs:
                  - source: page
                    target: /www/index.html
                deploy:
                  endpoint_mode: dnsrr
                  update_config:
                    monitor: 1s
            configs:
              page:
                file: ./page.html
            """;

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    private static Map<String, String> images;

    @BeforeAll
    static void buildImages() {
        images = DeployFixture.buildImages(sandbox.connection());
    }

    private static StackDeployment deployment(DeployFixture stack) {
        return stack.builder(DeployFixture.options()).history(HistoryOptions.defaults()
                .withOrigin(DeployOrigin.fromEnvironment(Map.of("CI_COMMIT_SHA", "8a4f53ae0123", "GITLAB_USER_LOGIN",
                        "alice")))).build();
    }

    private static DeployResult deploy(DeployFixture stack, String yaml, String mode, String page) {
        stack.compose(yaml).file("page.html", page).variable("MODE", mode);
        return deployment(stack).deploy();
    }

    private static List<DeployRecord> history(DeployFixture stack) {
        return deployment(stack).history(10);
    }

    @Test
    void historyRollbackDriftAndARollbackToAPrunedConfigVersion() {
        try (DeployFixture stack = new DeployFixture("history").variable("IMAGE", images.get("v1"))) {
            assertEquals(OptionalLong.of(1), deploy(stack, V1, "one", "<h1>one</h1>\n").record());
            JsonNode webV1 = stack.service("web").path("Spec");
            assertEquals(OptionalLong.of(2), deploy(stack, mergeWorker(), "two", "<h1>two</h1>\n").record());

            List<DeployRecord> twoDeploys = history(stack);
            assertEquals(List.of(2L, 1L), twoDeploys.stream().map(DeployRecord::sequence).toList());
            assertTrue(twoDeploys.get(0).render().contains("deploy  succeeded  ~web +worker"), twoDeploys.get(0)::render);
            assertTrue(twoDeploys.get(0).render().endsWith("commit 8a4f53ae by alice"), twoDeploys.get(0)::render);

            DeployResult rollback = deployment(stack).rollback(OptionalLong.empty());

            assertTrue(rollback.isSuccess(), stack::log);
            JsonNode web = stack.service("web").path("Spec");
            for (String field : List.of("/TaskTemplate/ContainerSpec/Image", "/TaskTemplate/ContainerSpec/Env",
                    "/TaskTemplate/ContainerSpec/Configs/0/ConfigName")) {
                assertEquals(webV1.at(field), web.at(field), field + " is deploy #1's again");
            }
            assertFalse(stack.objects().stream().anyMatch(object -> object.startsWith("services:" + stack.stack
                    + "_worker")), "the service deploy #2 created is gone: " + stack.objects());
            List<DeployRecord> three = history(stack);
            assertEquals(3, three.size());
            assertEquals(OptionalLong.of(1), three.get(0).returnedTo());
            assertTrue(stack.log().contains("converged"), stack::log);

            StackStatus clean = deployment(stack).status();
            assertEquals(List.of(), clean.drift().orElseThrow(), clean.render()::toString);
            Processes.run("docker", "service", "update", "--quiet", "--env-add", "DEBUG=1", stack.stack + "_web");
            StackStatus drifted = deployment(stack).status();
            Drift.ServiceDrift drift = drifted.drift().orElseThrow().get(0);
            assertEquals(stack.stack + "_web", drift.service());
            assertEquals("environment: +DEBUG", drift.describe());
            assertTrue(drifted.render().stream().anyMatch(line -> line.startsWith("Last: #3 ")), drifted.render()::toString);

            // #4: page three. The page of #2 is now only in record #2: a prune keeping what the newest 2 records need
            // removes it, and a rollback to #2 is refused, naming it
            String pageOfTwo = three.get(1).services().stream().filter(s -> s.name().endsWith("_web")).findFirst()
                    .orElseThrow().configs().get(0);
            deploy(stack, V1, "one", "<h1>three</h1>\n").throwIfFailed();
            PruneReport pruned = deployment(stack).prune(new PruneOptions(0, false, false)
                    .withLock(LockOptions.defaults("history-it")).withHistoryKeep(2));
            assertEquals(List.of(pageOfTwo), pruned.removedNames(), stack::log);
            List<String> before = stack.objects();

            SwarmDeployException refused = assertThrows(SwarmDeployException.class,
                    () -> deployment(stack).rollback(OptionalLong.of(2)));

            assertTrue(refused.getMessage().startsWith("cannot roll back stack " + stack.stack + " to #2 (1 problem);"
                    + " nothing on the swarm was changed:\n  config " + pageOfTwo + " (used by service " + stack.stack
                    + "_web in #2) is gone"), refused.getMessage());
            assertEquals(before, stack.objects(), "the refused rollback changed something");
        }
    }

    @Test
    void removeLeavesNothingOfTheStackButItsHistoryAndAForeignObject() {
        try (DeployFixture stack = new DeployFixture("history-rm").variable("IMAGE", images.get("v1"))) {
            deploy(stack, mergeWorker(), "one", "<h1>one</h1>\n").throwIfFailed();
            String foreign = stack.stack + "_by-hand";
            stack.engine.swarm().createConfig(CreateRequests.config(foreign, Map.of(StackLabels.NAMESPACE, stack.stack),
                    "not swarm-deploy's".getBytes(StandardCharsets.UTF_8)));

            RemovalResult removal = deployment(stack).remove(RemoveOptions.defaults()
                    .withLock(LockOptions.defaults("history-it")).withTimeout(Duration.ofMinutes(2)));

            assertEquals(OptionalLong.of(2), removal.record());
            assertEquals(List.of("configs:" + foreign, "configs:" + stack.stack + "_history-1",
                    "configs:" + stack.stack + "_history-2"), stack.objects().stream()
                    .map(object -> object.replaceAll("@\\d+$", "")).toList(), stack::log);
            DeployRecord last = history(stack).get(0);
            assertEquals(DeployRecord.Kind.REMOVE, last.kind());
            assertEquals(DeployRecord.Outcome.SUCCEEDED, last.outcome());
            assertTrue(last.render().contains("remove  succeeded  -web -worker"), last::render);
        }
    }

    @Test
    void promotionRunsTheDigestTheSourceStackRunsNotWhatTheTagMeansToday() {
        String image = SandboxSwarm.buildAndPush(sandbox.connection(), "history-it/promo", "same",
                DeployFixture.APP_FILES, concat("ENV APP_VERSION=tested-in-dev"));
        try (DeployFixture dev = new DeployFixture("promo-dev").variable("IMAGE", image);
             DeployFixture prod = new DeployFixture("promo-prod").variable("IMAGE", image)) {
            deploy(dev, V1, "dev", "dev\n").throwIfFailed();
            String devImage = dev.image("web");
            SandboxSwarm.buildAndPush(sandbox.connection(), "history-it/promo", "same", DeployFixture.APP_FILES,
                    concat("ENV APP_VERSION=pushed-later"));
            prod.compose(V1).file("page.html", "prod\n").variable("MODE", "prod");

            prod.builder(DeployFixture.options()).promotion(PromotionFrom.stack(dev.stack)).build().deploy()
                    .throwIfFailed();

            assertEquals(devImage, prod.image("web"), "prod runs what dev runs");
            assertTrue(prod.log().contains("+ service " + prod.stack + "_web  promoted from " + dev.stack), prod::log);
            assertEquals(java.util.Optional.of(dev.stack), history(prod).get(0).services().get(0).promotedFrom());

            prod.deploy().throwIfFailed();

            assertFalse(prod.image("web").equals(devImage), "without promotion, what the tag means now: "
                    + prod.image("web"));
            assertTrue(prod.image("web").startsWith(image + "@sha256:"), prod.image("web"));
        }
    }

    /** V1 with the worker service of V2, as one services: section. */
    private static String mergeWorker() {
        return V1.replace("""
                configs:
                  page:""", """
                  worker:
                    image: ${IMAGE}
                    stop_grace_period: 1s
                    deploy:
                      endpoint_mode: dnsrr
                      update_config:
                        monitor: 1s
                configs:
                  page:""");
    }

    private static String[] concat(String line) {
        String[] all = java.util.Arrays.copyOf(DeployFixture.APP_DOCKERFILE, DeployFixture.APP_DOCKERFILE.length + 1);
        all[DeployFixture.APP_DOCKERFILE.length] = line;
        return all;
    }
}
