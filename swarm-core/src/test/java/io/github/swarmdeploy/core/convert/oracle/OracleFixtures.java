package io.github.swarmdeploy.core.convert.oracle;

import io.github.swarmdeploy.core.convert.oracle.OracleFixture.Edit;
import io.github.swarmdeploy.core.sandbox.Processes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixtures of the oracle test: the corpus-dev stack files docker can deploy (the repository's copy of
 * ../shared/corpus-dev, with their variables), and our own under {@code src/test/resources/convert/oracle/} for the conversion groups the
 * corpus leaves out.
 */
public final class OracleFixtures {

    private OracleFixtures() {
    }

    public static List<OracleFixture> all() {
        List<OracleFixture> fixtures = new ArrayList<>();
        Path corpus = corpusDev();
        fixtures.add(corpus(corpus, "01-yu-leo-prod", List.of(), Map.of()));
        fixtures.add(corpus(corpus, "02-yu-leo-dev", List.of(), Map.of()));
        fixtures.add(corpus(corpus, "03-voting-app", List.of(), Map.of()));
        fixtures.add(corpus(corpus, "16-dockercoins-healthcheck", List.of(), Map.of()));
        fixtures.add(corpus(corpus, "35-docker-cli-full-example", fullExampleEdits(),
                Map.of("config_data", "config from the oracle test\n", "secret_data", "secret from the oracle test\n")));
        fixtures.add(own("services"));
        fixtures.add(own("objects"));
        return fixtures;
    }

    /**
     * The node labels the fixtures' placement constraints ask for (the full example's {@code node.labels.foo==bar}):
     * docker deploys a service no node can take and leaves its tasks pending; our deploy refuses it before any
     * change. Tests that deploy the fixtures give the sandbox node these labels while they run.
     */
    private static final Map<String, String> NODE_LABELS = Map.of("foo", "bar");

    /** For {@code @ExtendWith}: the sandbox's node has the labels while the test class runs. */
    public static final class NodeLabels implements BeforeAllCallback, AfterAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            labelSandboxNode();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            unlabelSandboxNode();
        }
    }

    /** Gives the sandbox's node the labels the fixtures' constraints ask for. */
    public static void labelSandboxNode() {
        NODE_LABELS.forEach((key, value) -> Processes.run("docker", "node", "update", "--label-add", key + "=" + value,
                sandboxNodeId()));
    }

    /** Takes them away again. */
    public static void unlabelSandboxNode() {
        NODE_LABELS.keySet().forEach(key -> Processes.run("docker", "node", "update", "--label-rm", key,
                sandboxNodeId()));
    }

    private static String sandboxNodeId() {
        return Processes.run("docker", "info", "--format", "{{.Swarm.NodeID}}").strip();
    }

    /**
     * docker/cli's full-example.yml is a parser fixture: docker cannot deploy it as it is, and the sandbox
     * engine (20.10, API 1.41) refuses more. Each edit says which refusal it avoids; the rest stays as written.
     */
    private static List<Edit> fullExampleEdits() {
        return List.of(
                new Edit("the engine has no IPAM driver named 'overlay' (error during lookup of plugin overlay)",
                        "    ipam:\n      driver: overlay\n", "    ipam:\n      driver: default\n"),
                new Edit("docker reads the file of a config without file: (read .: is a directory)",
                        "  config4:\n    name: foo\n", "  config4:\n    name: foo\n    file: ./config_data\n"),
                new Edit("docker reads the file of a secret without file: (read .: is a directory)",
                        "  secret4:\n    name: bar\n", "  secret4:\n    name: bar\n    file: ./secret_data\n"),
                new Edit("docker: service foo: undefined volume \"datavolume\"",
                        "\nvolumes:\n", "\nvolumes:\n  datavolume:\n"),
                new Edit("docker: service foo: undefined network \"other-other-network\"",
                        "\nnetworks:\n", "\nnetworks:\n  other-other-network:\n"),
                new Edit("API 1.41 has no cluster volumes (invalid MountType: \"cluster\")",
                        "      - type: cluster\n        source: group:mygroup\n        target: /srv\n", ""),
                new Edit("the engine refuses cpus below 0.001 (invalid cpu value 0.0001)",
                        "cpus: '0.0001'", "cpus: '0.001'"),
                new Edit("the engine refuses a constraint without == or !=",
                        "constraints: [node=foo]", "constraints: [node.labels.foo==bar]"),
                new Edit("the engine refuses duplicate mount points (/var/lib/mysql three times)",
                        "- /opt/data:/var/lib/mysql\n", "- /opt/data:/var/lib/mysql-data\n"),
                new Edit("the engine refuses duplicate mount points (/var/lib/mysql three times)",
                        "- datavolume:/var/lib/mysql\n", "- datavolume:/var/lib/mysql-volume\n"),
                new Edit("the engine refuses duplicate mount points (/opt twice)",
                        "      - type: tmpfs\n        target: /opt\n", "      - type: tmpfs\n        target: /opt-tmpfs\n"),
                new Edit("the engine refuses ingress-published ports with endpoint_mode dnsrr",
                        "      endpoint_mode: dnsrr\n", ""));
    }

    private static OracleFixture corpus(Path corpus, String id, List<Edit> edits, Map<String, String> extraFiles) {
        return new OracleFixture(id, corpusComposeFile(corpus, id), corpus.resolve(id),
                readEnvFile(corpusVariables(corpus, id)), edits, extraFiles);
    }

    private static OracleFixture own(String name) {
        try {
            Path directory = Path.of(OracleFixtures.class.getResource("/convert/oracle/" + name + "/stack.yml").toURI())
                    .getParent();
            return new OracleFixture("own-" + name, directory.resolve("stack.yml"), directory, Map.of(), List.of(),
                    Map.of());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** corpus-dev's env files: KEY=VALUE lines, taken literally. */
    public static Map<String, String> readEnvFile(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    variables.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return variables;
    }

    /**
     * The copy of shared/corpus-dev kept in this repository (src/test/resources/compose/corpus, shared with the
     * compose tests): one directory per stack holding {@code compose.yml}, {@code variables.env}, docker's
     * outputs, and the files the stack references at their path relative to the compose file.
     */
    public static Path corpusDev() {
        try {
            return Path.of(OracleFixtures.class.getResource("/compose/corpus/manifest.json").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("the corpus copy src/test/resources/compose/corpus is missing", e);
        }
    }

    /** The compose file of corpus stack {@code id}. */
    public static Path corpusComposeFile(Path corpus, String id) {
        return corpus.resolve(id).resolve("compose.yml");
    }

    /** The variables corpus stack {@code id} is interpolated with. */
    public static Path corpusVariables(Path corpus, String id) {
        return corpus.resolve(id).resolve("variables.env");
    }
}
