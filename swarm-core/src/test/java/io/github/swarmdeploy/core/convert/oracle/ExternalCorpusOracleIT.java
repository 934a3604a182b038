package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle on real-world stack files that are not in this repository (a corpus collected from public
 * projects, see {@link ExternalCorpus}). Runs only when asked: {@code -Dcorpus.ext=/work/corpus-ext}
 * ({@code -Dcorpus.only=id1,id2} for some of them); CI never has the corpus.
 *
 * <p>For each file: {@code docker stack deploy} and our converter (docker's naming) must create identical
 * objects, as sent and as read back ({@link OracleSession#compare}); our planner, pointed at docker's
 * deployed stack, may only want the configs and secrets its content-hash naming names differently; and after
 * our own deploy ({@link StackDeployment}, no digest pinning, no waiting) a second plan must be empty. The
 * images are stand-ins (the sandbox base image), so tasks may fail: only specs are compared.
 *
 * <p>Every file's result goes to {@code target/corpus-ext/summary.{json,txt}} (written after each file) and
 * its snapshots to {@code target/corpus-ext/<id>.*.json}. A file docker refuses is skipped with docker's reason.
 */
class ExternalCorpusOracleIT {

    private static final Path OUTPUT = Path.of("target", "corpus-ext");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAN_VS_DOCKER = "planVsDocker";
    private static final String DEPLOY_VS_DOCKER = "deployVsDocker";
    private static final String REDEPLOY = "redeploy";
    private static final List<ImagePolicy> POLICIES = List.of(ImagePolicy.ALWAYS, ImagePolicy.NEVER);

    private static EngineConnection engine;
    private static final Map<String, ObjectNode> RESULTS = Collections.synchronizedMap(new LinkedHashMap<>());

    @TempDir
    Path work;

    @BeforeAll
    static void connect() {
        String root = System.getProperty("corpus.ext", "");
        Assumptions.assumeTrue(!root.isEmpty(), "the external corpus runs only when asked: -Dcorpus.ext=<dir>");
        Assumptions.assumeTrue(Files.isDirectory(Path.of(root)), "no corpus at " + root);
        engine = SandboxSwarm.requireManager();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> realWorldFilesDeployIdenticallyAndPlanCleanly() {
        List<OracleFixture> fixtures = ExternalCorpus.read(Path.of(System.getProperty("corpus.ext")),
                System.getProperty("corpus.only", ""));
        return fixtures.stream().map(fixture -> DynamicTest.dynamicTest(fixture.id(), () -> check(fixture)));
    }

    private void check(OracleFixture fixture) {
        ObjectNode result = JSON.createObjectNode().put("id", fixture.id());
        Map<String, List<String>> checks = new LinkedHashMap<>();
        List.of(PLAN_VS_DOCKER, DEPLOY_VS_DOCKER, REDEPLOY).forEach(check -> checks.put(check, new ArrayList<>()));
        try (OracleSession session = OracleSession.open(engine, fixture, work, SandboxSwarm.uniqueStack("cx"))) {
            OracleSession.Comparison comparison = session.compare(
                    dockerStack -> {
                        for (ImagePolicy policy : POLICIES) {
                            checks.get(PLAN_VS_DOCKER).addAll(attempt(() -> OracleSession.unexpectedChanges(
                                    session.planOurs(dockerStack, policy, false)), policy));
                        }
                    },
                    refused -> result.put("status", "docker-refused").put("reason", reason(refused.result().output())));
            if (comparison == null) {
                SandboxSwarm.removeStack(engine, session.stack(OracleSession.DOCKER));
                result.put("ours", ourVerdict(session));
            } else {
                comparison.write(OUTPUT, fixture.id());
                SandboxSwarm.removeStack(engine, session.stack(OracleSession.OURS));
                ourDeploy(session, comparison.docker(), checks);
                boolean identical = comparison.differences().isEmpty()
                        && comparison.desiredServices() == comparison.docker().path("services").size();
                result.put("status", identical ? "identical" : "different");
                strings(result.putArray("differences"), comparison.differences());
                if (comparison.desiredServices() != comparison.docker().path("services").size()) {
                    result.withArray("differences").add("docker created " + comparison.docker().path("services").size()
                            + " services, ours " + comparison.desiredServices());
                }
            }
        } catch (RuntimeException | AssertionError e) {
            if (!result.has("status")) {
                result.put("status", "error");
            }
            result.put("error", String.valueOf(e.getMessage()));
            record(result, checks);
            throw e;
        }
        record(result, checks);
        String status = result.path("status").asText();
        Assumptions.assumeFalse(status.equals("docker-refused"), () -> fixture.id() + ": docker refuses it: "
                + result.path("reason").asText() + " (ours: " + result.path("ours").asText() + ")");
        List<String> problems = new ArrayList<>();
        result.path("differences").forEach(line -> problems.add(line.asText()));
        checks.forEach((check, lines) -> lines.forEach(line -> problems.add(check + ": " + line)));
        assertTrue(problems.isEmpty(), JsonDiff.report(fixture.id(), problems)
                + "\n(snapshots: target/corpus-ext/" + fixture.id() + ".*.json)");
    }

    /**
     * Our own deploy ({@link io.github.swarmdeploy.core.api.StackDeployment}, digests pinned like docker's
     * default): the objects it creates must be docker's but for content-hash naming and our labels, and a
     * second plan, with either image policy, must be empty.
     */
    private static void ourDeploy(OracleSession session, ObjectNode docker, Map<String, List<String>> checks) {
        String stack = session.stack("p");
        List<String> failed = attempt(() -> {
            session.planOurs(stack, ImagePolicy.ALWAYS, true);
            return List.of();
        }, ImagePolicy.ALWAYS);
        if (!failed.isEmpty()) {
            checks.get(DEPLOY_VS_DOCKER).addAll(failed);
            return;
        }
        ObjectNode ours = session.snapshot(stack);
        OracleSession.writeJson(OUTPUT, session.fixture().id() + ".deployed.json", ours);
        checks.get(DEPLOY_VS_DOCKER).addAll(JsonDiff.differences(OracleSession.withoutContentNaming(docker),
                OracleSession.withoutContentNaming(ours)));
        for (ImagePolicy policy : POLICIES) {
            checks.get(REDEPLOY).addAll(attempt(() -> {
                Plan second = session.planOurs(stack, policy, false);
                return second.hasChanges() ? second.render() : List.of();
            }, policy));
        }
    }

    /** The lines a check found, or the one line saying why it could not run; each marked with the policy. */
    private static List<String> attempt(java.util.function.Supplier<List<String>> check, ImagePolicy policy) {
        try {
            return check.get().stream().map(line -> "(" + policy + ") " + line).toList();
        } catch (RuntimeException e) {
            return List.of("(" + policy + ") failed: " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    /** Whether our deploy refuses a file docker refused, and whether it changed anything first. */
    private static String ourVerdict(OracleSession session) {
        String stack = session.stack("p");
        try {
            session.planOurs(stack, ImagePolicy.ALWAYS, true);
            return "deployed";
        } catch (RuntimeException e) {
            List<String> left = SandboxSwarm.listStackObjects(engine, stack);
            return (left.isEmpty() ? "refused, nothing changed: " : "refused after creating " + left + ": ")
                    + String.valueOf(e.getMessage()).replace('\n', ' ');
        }
    }

    /** docker's error: the last non-empty lines it printed. */
    private static String reason(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void record(ObjectNode result, Map<String, List<String>> checks) {
        checks.forEach((check, lines) -> strings(result.putArray(check), lines));
        RESULTS.put(result.path("id").asText(), result);
        writeSummary();
    }

    /** summary.json (every result) and summary.txt (one line per file, then the counts). */
    private static synchronized void writeSummary() {
        ArrayNode all = JSON.createArrayNode();
        Map<String, Integer> counts = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        synchronized (RESULTS) {
            for (ObjectNode result : RESULTS.values()) {
                all.add(result);
                String status = result.path("status").asText();
                counts.merge(status, 1, Integer::sum);
                text.append(String.format("%-45s %-15s diffs=%d planVsDocker=%d deployVsDocker=%d redeploy=%d %s%s%n",
                        result.path("id").asText(), status, result.path("differences").size(),
                        result.path(PLAN_VS_DOCKER).size(), result.path(DEPLOY_VS_DOCKER).size(),
                        result.path(REDEPLOY).size(),
                        result.path("reason").asText(result.path("error").asText("")),
                        result.has("ours") ? " || ours: " + result.path("ours").asText() : ""));
            }
        }
        text.append(counts).append(System.lineSeparator());
        OracleSession.writeJson(OUTPUT, "summary.json", all);
        try {
            Files.writeString(OUTPUT.resolve("summary.txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
