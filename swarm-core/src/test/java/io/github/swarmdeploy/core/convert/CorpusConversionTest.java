package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.oracle.JsonDiff;
import io.github.swarmdeploy.core.convert.oracle.OracleFixture;
import io.github.swarmdeploy.core.convert.oracle.OracleFixtures;
import io.github.swarmdeploy.core.convert.oracle.SwarmSnapshot;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus-dev stack files, loaded by our loader and converted, against golden JSON under
 * {@code src/test/resources/convert/corpus/}: what we send for each service, network, config and secret.
 * The goldens were checked against docker by {@code StackDeployOracleIT} (which deploys these files with
 * {@code docker stack deploy} and with our conversion and compares the engine's objects); this test keeps
 * them so without a sandbox. Regenerate with {@code -Dconvert.updateGolden=true} after a deliberate change,
 * and run the oracle again.
 */
class CorpusConversionTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path GOLDEN = Path.of("src/test/resources/convert/corpus");

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"01-yu-leo-prod", "02-yu-leo-dev", "03-voting-app", "16-dockercoins-healthcheck"})
    void conversionMatchesTheGolden(String id) throws IOException {
        // the corpus keeps a file's referenced files in <id>/, at their path relative to the compose file
        Path corpus = OracleFixtures.corpusDev();
        Path directory = work.resolve(id);
        OracleFixture.copyTree(corpus.resolve(id), directory);
        Files.copy(OracleFixtures.corpusComposeFile(corpus, id), directory.resolve("stack.yml"));
        StackDefinition definition = StackLoader.forFiles(List.of(directory.resolve("stack.yml")))
                .environment(OracleFixtures.readEnvFile(OracleFixtures.corpusVariables(corpus, id)))
                .readDotEnv(false).lenientImages(true).load().definition();
        DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert("stack", definition);

        JsonNode actual = SwarmSnapshot.replace(render(desired), Map.of(directory.toString(), "<dir>"));

        Path golden = GOLDEN.resolve(id + ".json");
        if (Boolean.getBoolean("convert.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual.toPrettyString() + "\n");
        }
        JsonNode expected = Fixtures.JSON.readTree(Files.readString(golden, StandardCharsets.UTF_8));
        List<String> differences = JsonDiff.differences(expected, actual);
        assertTrue(differences.isEmpty(), JsonDiff.report(id + " (golden vs ours)", differences));
    }

    /** The desired stack as JSON: specs as the engine receives them, objects as their create requests would say. */
    static ObjectNode render(DesiredStack desired) {
        ObjectNode root = NODES.objectNode();
        ObjectNode services = root.putObject("services");
        desired.services().forEach(service -> services.set(service.name(), Fixtures.json(service.spec())));
        ArrayNode networks = root.putArray("networks");
        desired.networks().forEach(network -> {
            ObjectNode json = networks.addObject().put("key", network.key()).put("name", network.name())
                    .put("external", network.external()).put("driver", network.driver())
                    .put("internal", network.internal()).put("attachable", network.attachable());
            json.set("options", Fixtures.JSON.valueToTree(network.options()));
            json.set("labels", Fixtures.JSON.valueToTree(network.labels()));
            network.ipam().ifPresent(ipam -> json.putObject("ipam").put("driver", ipam.driver().orElse(""))
                    .set("subnets", Fixtures.JSON.valueToTree(ipam.subnets())));
        });
        ArrayNode configs = root.putArray("configs");
        desired.configs().forEach(config -> configs.add(NODES.objectNode().put("key", config.key())
                .put("name", config.name()).put("external", config.external())
                .put("data", new String(config.data(), StandardCharsets.UTF_8))
                .set("labels", Fixtures.JSON.valueToTree(config.labels()))));
        ArrayNode secrets = root.putArray("secrets");
        desired.secrets().forEach(secret -> secrets.add(NODES.objectNode().put("key", secret.key())
                .put("name", secret.name()).put("external", secret.external())
                .put("bytes", secret.data().length)
                .set("labels", Fixtures.JSON.valueToTree(secret.labels()))));
        return root;
    }
}
