package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.compose.LoadedStack;
import io.github.swarmdeploy.core.convert.oracle.DockerGoldens;
import io.github.swarmdeploy.core.convert.oracle.JsonDiff;
import io.github.swarmdeploy.core.convert.oracle.OracleFixture;
import io.github.swarmdeploy.core.convert.oracle.OracleFixtures;
import io.github.swarmdeploy.core.convert.oracle.OracleSession;
import io.github.swarmdeploy.core.convert.oracle.SentRequests;
import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus files against what docker itself did with them, without a sandbox: {@code src/test/resources/convert/
 * corpus/<id>.json} holds the create requests {@code docker stack deploy} sent for a deployable copy and what it
 * printed, recorded by {@code scripts/oracle-goldens} (never by our code). The bodies our production deploy sends
 * ({@link CreateRequests} for networks, configs and secrets, the converter's service specs) must be docker's,
 * compared as the oracle compares them ({@link SentRequests}); and the service keys docker said it ignores must
 * be the ones we warn about.
 */
class CorpusConversionTest {

    private static final Path GOLDEN = Path.of("src/test/resources/convert/corpus");
    private static final String TOKEN = DockerGoldens.STANDIN_TOKEN;
    private static final String IMAGE = "registry.example/golden/image:1";
    private static final Pattern UNSUPPORTED = Pattern.compile("^Ignoring unsupported options: (.*)$");
    private static final Pattern DEPRECATED = Pattern.compile("^([a-z_]+): (.*)$");
    private static final Pattern OUR_UNSUPPORTED = Pattern.compile("ignored: Swarm does not support '([a-z_]+)'");
    private static final Pattern OUR_DEPRECATED = Pattern.compile("services\\.[^.]+\\.([a-z_]+): ignored: (.*)$");

    @TempDir
    Path work;

    static List<String> corpus() {
        return DockerGoldens.CORPUS;
    }

    private record Converted(String stack, DesiredStack desired, List<Event> events) {
    }

    private Converted convert(String id) {
        OracleFixture fixture = OracleFixtures.all().stream().filter(candidate -> candidate.id().equals(id))
                .findFirst().orElseThrow();
        String stack = TOKEN + OracleSession.DOCKER;
        List<Event> events = new ArrayList<>();
        LoadedStack loaded = OracleSession.loader(fixture.prepare(work.resolve(id), TOKEN, IMAGE), stack)
                .events(events::add).load();
        return new Converted(stack, new StackConverter(ObjectNamer.DOCKER).convert(stack, loaded.definition()), events);
    }

    private static JsonNode golden(String id) throws IOException {
        JsonNode golden = Fixtures.JSON.readTree(Files.readString(GOLDEN.resolve(id + ".json"), StandardCharsets.UTF_8));
        assertTrue(golden.path("docker").path("client").isTextual(), id + ": the golden names no docker CLI");
        return golden;
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void whatWeSendIsWhatDockerSent(String id) throws IOException {
        Converted converted = convert(id);
        DesiredStack desired = converted.desired();
        List<SentRequests.Sent> ours = new ArrayList<>();
        desired.networks().stream().filter(network -> !network.external())
                .forEach(network -> ours.add(new SentRequests.Sent("networks", CreateRequests.network(network))));
        desired.secrets().stream().filter(secret -> !secret.external())
                .forEach(secret -> ours.add(new SentRequests.Sent("secrets", CreateRequests.secret(secret))));
        desired.configs().stream().filter(config -> !config.external())
                .forEach(config -> ours.add(new SentRequests.Sent("configs", CreateRequests.config(config))));
        Map<String, String> configIds = new HashMap<>();
        desired.configs().forEach(config -> configIds.put(config.name(), "id-" + config.name()));
        Map<String, String> secretIds = new HashMap<>();
        desired.secrets().forEach(secret -> secretIds.put(secret.name(), "id-" + secret.name()));
        desired.services().forEach(service -> ours.add(new SentRequests.Sent("services",
                service.specWith(new ObjectIds(configIds, secretIds)))));

        JsonNode actual = SentRequests.byKindAndName(ours, Map.of(converted.stack(), "<stack>", TOKEN, "<token>",
                IMAGE, DockerGoldens.IMAGE, work.resolve(id).toString(), DockerGoldens.COPY_DIRECTORY));

        List<String> differences = JsonDiff.differences(golden(id).path("sent"), actual);
        assertTrue(differences.isEmpty(), JsonDiff.report(id + " (docker vs ours)", differences));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void theServiceKeysDockerIgnoresAreTheOnesWeWarnAbout(String id) throws IOException {
        TreeSet<String> dockerUnsupported = new TreeSet<>();
        Map<String, String> dockerDeprecated = new TreeMap<>();
        boolean inDeprecated = false;
        for (JsonNode line : golden(id).path("printed")) {
            Matcher unsupported = UNSUPPORTED.matcher(line.asText());
            Matcher deprecated = DEPRECATED.matcher(line.asText());
            if (unsupported.matches()) {
                dockerUnsupported.addAll(List.of(unsupported.group(1).split(", ")));
            } else if (line.asText().equals("Ignoring deprecated options:")) {
                inDeprecated = true;
            } else if (inDeprecated && deprecated.matches()) {
                dockerDeprecated.put(deprecated.group(1), deprecated.group(2));
            } else {
                inDeprecated = false;
            }
        }
        TreeSet<String> ourUnsupported = new TreeSet<>();
        Map<String, String> ourDeprecated = new TreeMap<>();
        for (Event event : convert(id).events()) {
            Matcher unsupported = OUR_UNSUPPORTED.matcher(event.message());
            Matcher deprecated = OUR_DEPRECATED.matcher(event.message());
            if (event.level() != Event.Level.WARN) {
                continue;
            }
            if (unsupported.find()) {
                ourUnsupported.add(unsupported.group(1));
            } else if (deprecated.find()) {
                ourDeprecated.put(deprecated.group(1), deprecated.group(2));
            }
        }

        assertEquals(dockerUnsupported, ourUnsupported, id + ": 'Ignoring unsupported options'");
        assertEquals(dockerDeprecated, ourDeprecated, id + ": 'Ignoring deprecated options'");
    }
}
