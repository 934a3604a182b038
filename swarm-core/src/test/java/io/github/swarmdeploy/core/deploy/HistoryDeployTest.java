package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.engine.FakeSwarm;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.history.DeployOrigin;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.history.HistoryOptions;
import io.github.swarmdeploy.core.history.HistorySeal;
import io.github.swarmdeploy.core.image.ImagesFile;
import io.github.swarmdeploy.core.image.PushedImage;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploys, rollbacks and their history against the in-memory {@link FakeSwarm}: what is recorded when, what a
 * rollback sends, and that a refused rollback changes nothing.
 */
class HistoryDeployTest {

    private static final String STACK = "shop";
    /** v1: web and worker; TAG, MODE, PAGE and PW vary between the versions. */
    private static final String V1 = """
            services:
              web:
                image: registry.example/web:${TAG}
                environment:
                  MODE: ${MODE}
                  API_TOKEN: ${API_TOKEN}
                configs: [page]
                secrets: [pw]
              worker:
                image: registry.example/worker:1
            configs:
              page:
                content: "${PAGE}"
            secrets:
              pw:
                environment: PW
            """;
    /** v2: worker gone, cron added. */
    private static final String V2 = V1.replace("""
              worker:
                image: registry.example/worker:1
            """, """
              cron:
                image: registry.example/cron:1
            """);
    private static final Map<String, String> ORIGIN = Map.of("CI_COMMIT_SHA", "8a4f53ae0123", "CI_COMMIT_REF_NAME",
            "main", "CI_JOB_URL", "https://gitlab.example.com/shop/-/jobs/7", "GITLAB_USER_LOGIN", "alice",
            "CI_JOB_TOKEN", "job-token-s3cr3t");

    @TempDir
    Path dir;

    private final FakeSwarm swarm = new FakeSwarm();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private Function<SecretVersionKey, DesiredStack> stack(String yaml, String tag, String mode, String page)
            throws IOException {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, yaml);
        Map<String, String> variables = new HashMap<>(Map.of("TAG", tag, "MODE", mode, "PAGE", page,
                "PW", "pw-s3cr3t", "API_TOKEN", "api-s3cr3t"));
        StackDefinition definition = StackLoader.forFiles(List.of(file)).environment(variables).stackName(STACK)
                .load().definition();
        return key -> new StackConverter(new ContentVersionNamer(definition, EventListener.IGNORE, key))
                .convert(STACK, definition);
    }

    private static DeployOptions options() {
        return DeployOptions.defaults().withWait(false, Duration.ofMinutes(1)).withImages(ImagePolicy.NEVER, false)
                .withLock(Duration.ZERO, Duration.ofMinutes(30), "test").withRemoveOrphans(true);
    }

    private StackDeployer deployer(DeployOptions options, int keep) {
        return new StackDeployer(swarm, options, events::add, Clock.systemUTC())
                .withHistory(new HistoryOptions(keep, DeployOrigin.fromEnvironment(ORIGIN)));
    }

    private DeployResult deploy(Function<SecretVersionKey, DesiredStack> stack) {
        return deployer(options(), 20).deploy(STACK, stack, path -> Optional.empty()).throwIfFailed();
    }

    private List<DeployRecord> records() {
        SecretVersionKey key = new SecretKeyStore(swarm, STACK).fetch().orElseThrow();
        return new DeployHistory(swarm, STACK, EventListener.IGNORE).fetchRecords(Optional.of(HistorySeal.of(key)));
    }

    private JsonNode spec(String service) {
        return swarm.service(STACK + "_" + service).orElseThrow().spec();
    }

    @Test
    void everyDeployThatChangesSomethingIsRecordedAndANoOpIsNot() throws IOException {
        DeployResult first = deploy(stack(V1, "1", "blue", "<h1>one</h1>"));
        DeployResult second = deploy(stack(V2, "2", "green", "<h1>two</h1>"));
        deploy(stack(V2, "2", "green", "<h1>two</h1>"));

        assertEquals(OptionalLong.of(1), first.record());
        assertEquals(OptionalLong.of(2), second.record());
        List<DeployRecord> records = records();
        assertEquals(List.of(2L, 1L), records.stream().map(DeployRecord::sequence).toList(), "newest first, no record"
                + " of the deploy that changed nothing");
        DeployRecord latest = records.get(0);
        assertEquals(DeployRecord.Kind.DEPLOY, latest.kind());
        assertEquals(DeployRecord.Outcome.SUCCEEDED, latest.outcome());
        assertEquals("commit 8a4f53ae (main) by alice", latest.origin().describe());
        assertEquals(List.of("shop_cron + []", "shop_web ~ [image, environment, configs]", "shop_worker - []"),
                latest.services().stream().map(service -> service.name() + " " + service.action().symbol() + " "
                        + service.fields()).toList());
        assertEquals("registry.example/web:2", latest.services().get(1).image());
        assertEquals(List.of("shop_cron", "shop_web"), latest.specs().orElseThrow().services().stream()
                .map(service -> service.name()).toList(), "the stack as the deploy left it");
        assertTrue(events.stream().anyMatch(event -> event.message().equals(
                "recorded as deploy #2 in the history of stack shop (succeeded)")), events::toString);
    }

    @Test
    void aRecordHoldsNoSecretValueAndNoOtherVariableThanTheNamedOnes() throws IOException {
        deploy(stack(V1, "1", "blue", "<h1>one</h1>"));

        SwarmDataObject record = swarm.fetchConfig("shop_history-1").orElseThrow();
        String data = gunzip(record.data());
        for (String secret : List.of("pw-s3cr3t", "api-s3cr3t", "job-token-s3cr3t", "API_TOKEN")) {
            assertFalse(data.contains(secret), secret + " in " + data);
        }
        assertTrue(data.contains("https://gitlab.example.com/shop/-/jobs/7"), data);
        assertTrue(records().get(0).specs().orElseThrow().service("shop_web").orElseThrow().spec()
                .at("/TaskTemplate/ContainerSpec/Env").toString().contains("API_TOKEN=api-s3cr3t"),
                "sealed, the spec keeps what a rollback needs");
    }

    @Test
    void aRecordNameTakenByAConfigThatIsNoRecordMovesTheRecordToTheNextNumber() throws IOException {
        // what a deploy that lost its lock, or someone by hand, may have left: a config of the name, not a record
        swarm.createConfig(io.github.swarmdeploy.core.convert.CreateRequests.config("shop_history-1", Map.of(),
                "x".getBytes(StandardCharsets.UTF_8)));

        DeployResult first = deploy(stack(V1, "1", "blue", "x"));

        assertEquals(OptionalLong.of(2), first.record());
        assertEquals(List.of(2L), records().stream().map(DeployRecord::sequence).toList());
        assertTrue(swarm.configNames().contains("shop_history-1"), "the other config is left alone");
    }

    @Test
    void keepBoundsTheRecords() throws IOException {
        for (int version = 1; version <= 3; version++) {
            deployer(options(), 2).deploy(STACK, stack(V1, Integer.toString(version), "blue", "x"), path -> Optional.empty())
                    .throwIfFailed();
        }

        assertEquals(List.of(3L, 2L), records().stream().map(DeployRecord::sequence).toList());
        assertFalse(swarm.configNames().contains("shop_history-1"), swarm.configNames()::toString);
    }

    @Test
    void aRollbackReturnsToThePreviousDeployRemovesWhatItCreatedRecreatesWhatItRemovedAndIsRecorded()
            throws IOException {
        deploy(stack(V1, "1", "blue", "<h1>one</h1>"));
        JsonNode webV1 = spec("web");
        JsonNode workerV1 = spec("worker");
        deploy(stack(V2, "2", "green", "<h1>two</h1>"));

        DeployResult rollback = deployer(options(), 20).rollback(STACK, OptionalLong.empty()).throwIfFailed();

        assertEquals(Map.of("shop_web", Change.Action.UPDATE, "shop_worker", Change.Action.CREATE,
                "shop_cron", Change.Action.REMOVE), actions(rollback));
        assertEquals(reread(webV1.at("/TaskTemplate/ContainerSpec")), reread(spec("web").at("/TaskTemplate/ContainerSpec")),
                "image, environment, config and secret (with their IDs) as deploy #1 sent them");
        assertEquals(reread(workerV1.at("/TaskTemplate/ContainerSpec")),
                reread(spec("worker").at("/TaskTemplate/ContainerSpec")));
        assertTrue(swarm.service("shop_cron").isEmpty());
        DeployRecord recorded = records().get(0);
        assertEquals(3, recorded.sequence());
        assertEquals(DeployRecord.Kind.ROLLBACK, recorded.kind());
        assertEquals(OptionalLong.of(1), recorded.returnedTo());
        assertTrue(recorded.render().contains("rollback to #1  succeeded"), recorded.render());
        assertTrue(events.stream().anyMatch(event -> event.message().startsWith("Rolling back stack shop to #1: the"
                + " deploy of ")), events::toString);

        deployer(options(), 20).rollback(STACK, OptionalLong.empty()).throwIfFailed();
        assertEquals("registry.example/web:2", spec("web").at("/TaskTemplate/ContainerSpec/Image").asText(),
                "a second rollback goes back to #2");
    }

    @Test
    void aRollbackWhoseConfigIsGoneIsRefusedNamingItAndChangesNothing() throws IOException {
        deploy(stack(V1, "1", "blue", "<h1>one</h1>"));
        String page = spec("web").at("/TaskTemplate/ContainerSpec/Configs/0/ConfigName").asText();
        deploy(stack(V2, "2", "green", "<h1>two</h1>"));
        swarm.removeConfig(page);
        int before = swarm.writes().size();

        SwarmDeployException refused = assertThrows(SwarmDeployException.class,
                () -> deployer(options(), 20).rollback(STACK, OptionalLong.of(1)));

        assertEquals("cannot roll back stack shop to #1 (1 problem); nothing on the swarm was changed:\n  config "
                + page + " (used by service shop_web in #1) is gone: StackDeployment.prune removed it (it keeps what the newest"
                + " records of the history (HistoryOptions.keep) need) or someone did by hand; a rollback cannot bring back its content",
                refused.getMessage());
        assertEquals(List.of("createConfig shop_deploy-lock", "removeConfig shop_deploy-lock"),
                swarm.writes().subList(before, swarm.writes().size()), "nothing but the lock");
    }

    @Test
    void aDryRunRollbackShowsThePlanAndChangesNothing() throws IOException {
        deploy(stack(V1, "1", "blue", "<h1>one</h1>"));
        deploy(stack(V2, "2", "green", "<h1>two</h1>"));
        int before = swarm.writes().size();

        DeployResult dryRun = deployer(options().withDryRun(true), 20).rollback(STACK, OptionalLong.empty());

        assertTrue(dryRun.dryRun());
        assertEquals(Change.Action.CREATE, actions(dryRun).get("shop_worker"));
        assertEquals(before, swarm.writes().size(), swarm.writes().subList(before, swarm.writes().size())::toString);
        assertEquals(2, records().size());
    }

    @Test
    void noRecordToReturnToSaysSoAndChangesNothing() throws IOException {
        deploy(stack(V1, "1", "blue", "<h1>one</h1>"));

        SwarmDeployException refused = assertThrows(SwarmDeployException.class,
                () -> deployer(options(), 20).rollback(STACK, OptionalLong.empty()));

        assertEquals("cannot roll back: stack shop has no successful deploy before #1 to roll back to that applied other"
                + " specs (records #1 are kept; there is no earlier one); name one with StackDeployment.rollback(to); nothing was"
                + " changed", refused.getMessage());
    }

    @Test
    void promotionFromAnImagesFileRunsItsDigestsAndThePlanAndTheRecordSaySo() throws IOException {
        Path images = dir.resolve("images.json");
        String digest = "sha256:" + "d".repeat(64);
        ImagesFile.write(images, List.of(new PushedImage("web", "registry.example/web:20240717_8a4f53ae",
                "20240717_8a4f53ae", digest)));

        deployer(options(), 20).withPromotion(PromotionFrom.images(images))
                .deploy(STACK, stack(V1, "latest", "blue", "x"), path -> Optional.empty()).throwIfFailed();

        assertEquals("registry.example/web:20240717_8a4f53ae@" + digest,
                spec("web").at("/TaskTemplate/ContainerSpec/Image").asText());
        assertEquals("registry.example/worker:1", spec("worker").at("/TaskTemplate/ContainerSpec/Image").asText(),
                "no match: its own resolution");
        assertTrue(events.stream().anyMatch(event -> event.message().equals("+ service shop_web  promoted from"
                + " images.json")), events::toString);
        assertEquals(Optional.of("images.json"), records().get(0).services().stream()
                .filter(service -> service.name().equals("shop_web")).findFirst().orElseThrow().promotedFrom());
    }

    private static Map<String, Change.Action> actions(DeployResult result) {
        Map<String, Change.Action> actions = new HashMap<>();
        result.plan().services().forEach(step -> actions.put(step.change().name(), step.change().action()));
        return actions;
    }

    /** The JSON as the engine would read it: numbers by value, whichever Java type wrote them. */
    private static JsonNode reread(JsonNode node) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(node.toString());
    }

    private static String gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
