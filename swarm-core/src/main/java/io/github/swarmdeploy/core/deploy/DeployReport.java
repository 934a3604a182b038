package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.OutputFile;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.FieldChange;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON file a deploy leaves for CI to archive ({@code target/swarm/deploy-report.json}): the plan, each
 * service's outcome, image and versions, and timings. Holds names and images, never a secret value.
 */
public final class DeployReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DeployReport() {
    }

    /** The report of a deploy that produced a result (also a failed rollout). */
    public static ObjectNode of(DeployResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("stack", result.stack());
        root.put("dryRun", result.dryRun());
        root.put("success", result.isSuccess());
        result.failure().ifPresent(failure -> root.put("error", failure.getMessage()));
        result.record().ifPresent(sequence -> root.put("record", sequence));
        timing(root, result.startedAt(), result.finishedAt());
        ArrayNode plan = root.putArray("plan");
        for (Change change : result.plan().changes()) {
            ObjectNode entry = plan.addObject();
            entry.put("kind", change.kind().word());
            entry.put("name", change.name());
            entry.put("action", change.action().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode fields = entry.putArray("fields");
            for (FieldChange field : change.fields()) {
                fields.addObject().put("field", field.field()).put("before", field.before()).put("after", field.after());
            }
            if (!change.note().isEmpty()) {
                entry.put("note", change.note());
            }
            result.plan().notHealthy(change).ifPresent(text -> entry.put("notHealthy", text));
        }
        ArrayNode services = root.putArray("services");
        for (DeployResult.ServiceResult service : result.services()) {
            ObjectNode entry = services.addObject();
            entry.put("name", service.name());
            entry.put("action", service.action().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("outcome", service.outcome());
            entry.put("image", service.image());
            entry.put("previousImage", service.previousImage());
            entry.put("versionBefore", service.versionBefore());
            service.versionAfter().ifPresent(version -> entry.put("versionAfter", version));
            service.applyDuration().ifPresent(duration -> entry.put("applyMillis", duration.toMillis()));
            service.rollout().ifPresent(outcome -> rollout(entry.putObject("rollout"), outcome));
        }
        result.rollout().ifPresent(rollout -> timing(root.putObject("rollout"), rollout.startedAt(), rollout.finishedAt()));
        return root;
    }

    /** The report of a deploy that failed before it had a plan (invalid files, a missing external secret). */
    public static ObjectNode ofFailure(String stack, boolean dryRun, Instant startedAt, Instant finishedAt,
                                       RuntimeException failure) {
        ObjectNode root = JSON.createObjectNode();
        root.put("stack", stack);
        root.put("dryRun", dryRun);
        root.put("success", false);
        root.put("error", failure.getMessage());
        timing(root, startedAt, finishedAt);
        root.putArray("plan");
        root.putArray("services");
        return root;
    }

    /** Writes the report, creating the directory it goes into. */
    public static Path write(ObjectNode report, Path file) {
        return OutputFile.write(file, report.toPrettyString(), "the deploy report");
    }

    private static void rollout(ObjectNode node, ServiceOutcome outcome) {
        node.put("verdict", outcome.verdict().name().toLowerCase(java.util.Locale.ROOT));
        node.put("state", outcome.state());
        outcome.reason().ifPresent(reason -> node.put("reason", reason));
        outcome.taskError().ifPresent(error -> node.put("taskError", error));
        outcome.image().ifPresent(image -> node.put("image", image));
        outcome.failedImage().ifPresent(image -> node.put("failedImage", image));
        node.put("summary", outcome.summary());
        timing(node, outcome.startedAt(), outcome.finishedAt());
    }

    private static void timing(ObjectNode node, Instant startedAt, Instant finishedAt) {
        node.put("startedAt", startedAt.toString());
        node.put("finishedAt", finishedAt.toString());
        node.put("durationMillis", Duration.between(startedAt, finishedAt).toMillis());
    }

}
