package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.EngineVersion;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected outputs of the corpus tests, made by docker itself ({@code scripts/oracle-goldens} runs this on
 * the sandbox): what {@code docker stack config} printed for each corpus file, and what {@code docker stack
 * deploy} sent to the engine to create it. The tests compare our loader and our production request bodies with
 * these files; nothing in them comes from our code, so they can catch errors, not only change. Each file names
 * the docker CLI (and engine) that made it.
 *
 * <ul>
 *   <li>{@code compose/oracle/<case>/expected.yml}, {@code expected.err}: {@code docker stack config} of each
 *       small compose case (see that directory's README);</li>
 *   <li>{@code compose/corpus/<id>/expected.out.yml}, {@code expected.err.txt}: {@code docker stack config -c
 *       compose.yml} with the file's variables, run in {@code /tmp/swarm-corpus/<id>} (the tests put their own
 *       directory in its place); for the full example also {@code expected-complete.*} with
 *       {@code complete.yml} merged over it. The first line of each is a {@code #} comment naming the command
 *       and the CLI; the rest is docker's output as printed.</li>
 *   <li>{@code convert/corpus/<id>.json}: the create requests (services, networks, configs, secrets) of
 *       {@code docker stack deploy --resolve-image never} of the deployable copy ({@link OracleFixture#prepare}:
 *       every image the sandbox base image, global names unique to the run), normalised as the oracle compares
 *       them ({@link SentRequests}; the stack, the run's token, the image and the copy's directory as
 *       {@code <stack>}, {@code <token>}, {@code <image>}, {@code <dir>}), and the lines docker printed while
 *       deploying (its warnings among them; without the time of docker's log lines).</li>
 * </ul>
 *
 * <p>Everything deployed is removed again ({@link OracleSession#close()}).
 */
public final class DockerGoldens {

    /** The corpus files recorded (docker deploys each of them; the full example with the oracle's edits). */
    public static final List<String> CORPUS = List.of("01-yu-leo-prod", "02-yu-leo-dev", "03-voting-app",
            "16-dockercoins-healthcheck", "35-docker-cli-full-example");
    /** Where {@code docker stack config} ran: its output names this directory. */
    public static final String CONFIG_DIRECTORY = "/tmp/swarm-corpus/";
    /** The image every service of a deployable copy runs, in the recorded requests. */
    public static final String IMAGE = "<image>";
    /** The directory of the deployable copy (bind mounts name it), in the recorded requests. */
    public static final String COPY_DIRECTORY = "<dir>";
    /** The options of the recorded deploys: no digest pinning, so the requests do not depend on a registry. */
    public static final List<String> DEPLOY_OPTIONS = List.of("--resolve-image", "never");
    /** What the run's token of a recording is made of: a unique stack name (names made unique are cut at 64). */
    public static final String TOKEN_PURPOSE = "gold";
    /**
     * A token of the recordings' shape and length, for tests that reproduce a deployable copy: names made unique
     * with it are cut at the same place as the recorded ones.
     */
    public static final String STANDIN_TOKEN = "it00000000-" + TOKEN_PURPOSE;
    private static final String FULL_EXAMPLE = "35-docker-cli-full-example";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerGoldens() {
    }

    /** {@code DockerGoldens <swarm-core/src/test/resources>}: rewrites the goldens under that directory. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DockerGoldens <swarm-core/src/test/resources>");
        }
        Path resources = Path.of(args[0]).toAbsolutePath();
        Path corpus = resources.resolve("compose/corpus");
        String client = DockerCli.clientVersion();
        EngineVersion engineVersion;
        try (EngineConnection engine = EngineConnection.open(EngineSettings.fromEnvironment(System.getenv()))) {
            engineVersion = engine.swarm().fetchVersion();
        }
        try (var cases = Files.list(resources.resolve("compose/oracle"))) {
            for (Path oracleCase : cases.filter(Files::isDirectory).sorted().toList()) {
                recordCase(oracleCase, client);
            }
        }
        for (String id : CORPUS) {
            recordConfig(corpus.resolve(id), id, List.of("compose.yml"), "expected", client);
            if (id.equals(FULL_EXAMPLE)) {
                recordConfig(corpus.resolve(id), id, List.of("compose.yml", "complete.yml"), "expected-complete", client);
            }
        }
        Path work = Files.createTempDirectory("oracle-goldens");
        try (EngineConnection engine = SandboxSwarm.requireManager()) {
            for (OracleFixture fixture : OracleFixtures.all()) {
                if (CORPUS.contains(fixture.id())) {
                    Path golden = resources.resolve("convert/corpus/" + fixture.id() + ".json");
                    Files.writeString(golden, recordDeploy(engine, fixture, work, client, engineVersion).toPrettyString()
                            + "\n");
                    System.out.println("recorded " + resources.relativize(golden));
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    /** The header line of a recorded {@code docker stack config} output. */
    public static String configHeader(List<String> files, String client) {
        StringBuilder command = new StringBuilder("docker stack config");
        files.forEach(file -> command.append(" -c ").append(file));
        return "# recorded by scripts/oracle-goldens: " + command + " (docker CLI " + client + ")\n";
    }

    /** A recorded file without its header comment: what docker printed. */
    public static String withoutHeader(String recorded) {
        return recorded.startsWith("# recorded by scripts/oracle-goldens:")
                ? recorded.substring(recorded.indexOf('\n') + 1) : recorded;
    }

    private static void recordConfig(Path source, String id, List<String> files, String name, String client)
            throws IOException {
        Path directory = Path.of(CONFIG_DIRECTORY + id);
        deleteTree(directory);
        OracleFixture.copyTree(source, directory);
        if (id.equals(FULL_EXAMPLE)) {
            Files.writeString(directory.resolve("config_data"), "config");
            Files.writeString(directory.resolve("secret_data"), "secret");
        }
        List<String> arguments = new ArrayList<>(List.of("stack", "config"));
        files.forEach(file -> {
            arguments.add("-c");
            arguments.add(file);
        });
        try {
            DockerCli.Streams printed = DockerCli.capture(directory,
                    OracleFixtures.readEnvFile(source.resolve("variables.env")), arguments.toArray(String[]::new));
            String header = configHeader(files, client);
            Files.writeString(source.resolve(name + ".out.yml"), header + printed.stdout());
            Files.writeString(source.resolve(name + ".err.txt"), header + printed.stderr());
            System.out.println("recorded " + id + "/" + name + ".* (docker exited " + printed.exitCode() + ")");
        } finally {
            deleteTree(directory);
        }
    }

    /**
     * A compose oracle case ({@code compose/oracle/<case>}, see its README): {@code docker stack config -c 1.yml
     * [-c 2.yml …]} in the case's directory with exactly its {@code variables.env}; the directory written as
     * {@code @dir@}, its parent as {@code @parent@}; {@code expected.err} only when docker logged something.
     */
    private static void recordCase(Path directory, String client) throws IOException {
        List<String> files;
        try (var list = Files.list(directory)) {
            files = list.map(path -> path.getFileName().toString()).filter(name -> name.matches("\\d+\\.yml")).sorted()
                    .toList();
        }
        List<String> arguments = new ArrayList<>(List.of("stack", "config"));
        files.forEach(file -> {
            arguments.add("-c");
            arguments.add(file);
        });
        Map<String, String> variables = Files.exists(directory.resolve("variables.env"))
                ? OracleFixtures.readEnvFile(directory.resolve("variables.env")) : Map.of();
        DockerCli.Streams printed = DockerCli.capture(directory, variables, arguments.toArray(String[]::new));
        String header = configHeader(files, client);
        String parent = directory.getParent().toString();
        Files.writeString(directory.resolve("expected.yml"), header
                + printed.stdout().replace(directory.toString(), "@dir@").replace(parent, "@parent@"));
        if (printed.stderr().isBlank()) {
            Files.deleteIfExists(directory.resolve("expected.err"));
        } else {
            Files.writeString(directory.resolve("expected.err"), header + printed.stderr());
        }
        System.out.println("recorded compose/oracle/" + directory.getFileName() + " (docker exited "
                + printed.exitCode() + ")");
    }

    private static ObjectNode recordDeploy(EngineConnection engine, OracleFixture fixture, Path work, String client,
                                           EngineVersion engineVersion) {
        try (OracleSession session = OracleSession.open(engine, fixture, work, SandboxSwarm.uniqueStack(TOKEN_PURPOSE))) {
            OracleSession.DockerDeploy deployed = session.deployWithDocker(OracleSession.DOCKER,
                    DEPLOY_OPTIONS.toArray(String[]::new));
            if (!deployed.succeeded()) {
                throw new IllegalStateException(fixture.id() + ": docker stack deploy failed:\n" + deployed.result().output());
            }
            Map<String, String> replacements = new LinkedHashMap<>(session.replacements(deployed.stack()));
            replacements.put(SandboxSwarm.baseImage(), IMAGE);
            replacements.put(work.resolve(fixture.id()).toString(), COPY_DIRECTORY);
            ObjectNode golden = JSON.createObjectNode();
            golden.put("recordedBy", "scripts/oracle-goldens");
            golden.putObject("docker").put("client", client).put("engine", engineVersion.version())
                    .put("api", engineVersion.apiVersion());
            golden.put("command", "docker stack deploy --detach=true " + String.join(" ", DEPLOY_OPTIONS)
                    + " -c stack.yml <stack>");
            ArrayNode printed = golden.putArray("printed");
            // docker's log lines carry the time: left out, so that a new recording differs only where docker does
            deployed.result().output().lines().filter(line -> !line.isBlank())
                    .map(line -> line.replaceFirst("^time=\"[^\"]*\" ", ""))
                    .forEach(line -> printed.add(SwarmSnapshot.replace(JSON.getNodeFactory().textNode(line),
                            replacements).asText()));
            JsonNode sent = SentRequests.byKindAndName(SentRequests.creates(deployed.requests()), replacements);
            golden.set("sent", sent);
            return golden;
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
