package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * Records as JSON for scripts (the JSON form of the history goal): what a history line shows, in
 * fields; never the specs (whether a rollback can return to a record is said by {@code canRollBackTo}).
 */
public final class HistoryJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryJson() {
    }

    /** {@link #of} as indented text. */
    public static String text(String stack, List<DeployRecord> newestFirst) {
        return of(stack, newestFirst).toPrettyString();
    }

    /** {@code {"stack": …, "records": [newest first]}}. */
    public static ObjectNode of(String stack, List<DeployRecord> newestFirst) {
        ObjectNode root = JSON.createObjectNode();
        root.put("stack", stack);
        ArrayNode records = root.putArray("records");
        newestFirst.forEach(record -> records.add(record(record)));
        return root;
    }

    /**
     * What a record says in the clear, as both this JSON and the record's own document write it: where it came from,
     * the plan's counts, and (when {@code withServices}) each service.
     */
    static void summary(ObjectNode node, DeployRecord record, boolean withServices) {
        record.origin().asMap().forEach(node.putObject("origin")::put);
        node.putObject("counts").put("created", record.counts().created()).put("updated", record.counts().updated())
                .put("removed", record.counts().removed()).put("unchanged", record.counts().unchanged());
        ArrayNode services = node.putArray("services");
        if (!withServices) {
            return;
        }
        for (DeployRecord.ServiceEntry service : record.services()) {
            ObjectNode entry = services.addObject();
            entry.put("name", service.name());
            entry.put("action", service.action().name().toLowerCase(Locale.ROOT));
            service.fields().forEach(entry.putArray("fields")::add);
            entry.put("image", service.image());
            service.configs().forEach(entry.putArray("configs")::add);
            service.secrets().forEach(entry.putArray("secrets")::add);
            service.promotedFrom().ifPresent(from -> entry.put("promotedFrom", from));
        }
    }

    public static ObjectNode record(DeployRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("number", record.sequence());
        node.put("kind", record.kind().word());
        record.returnedTo().ifPresent(target -> node.put("returnedTo", target));
        node.put("startedAt", record.startedAt().toString());
        record.finishedAt().ifPresent(at -> node.put("finishedAt", at.toString()));
        node.put("outcome", record.outcome().word());
        if (!record.failure().isEmpty()) {
            node.put("failure", record.failure());
        }
        summary(node, record, true);
        node.put("canRollBackTo", record.canBeReturnedTo());
        if (record.specs().isEmpty() && record.kind() != DeployRecord.Kind.REMOVE) {
            node.put("specsMissing", record.specsMissing());
        }
        return node;
    }
}
