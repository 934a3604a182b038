package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.naming.VersionedName;
import io.github.swarmdeploy.core.plan.Change;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a {@link DeployRecord} is kept in a Swarm config: {@code <stack>_history-<sequence>}, labelled with the stack,
 * {@link StackLabels#KIND} {@value StackLabels#HISTORY_KIND} and the sequence number; its data a gzipped JSON
 * document written once, before the deploy's first change; how it ended in labels (the only part of a config
 * Swarm lets change), set when it finished. The specs are sealed ({@link HistorySeal}) inside the document.
 *
 * <p>Size: a Swarm config holds at most 1000 KB on Docker 20.10 and 500 KB before, so a record is kept under
 * {@value #MAX_BYTES} bytes. Specs compress about tenfold (a service's is 2–4 KB of JSON): a stack of several
 * hundred services fits. A record that would not fits without its specs (swarm:rollback cannot return to that
 * deploy, and says so), and, beyond that, without its list of services (only the counts stay).
 */
public final class RecordCodec {

    /** The most a record's data may take: below the smallest config limit of the engines in use (500 KB). */
    public static final int MAX_BYTES = 500_000;
    static final int FORMAT = 1;
    private static final int MAX_FAILURE_LENGTH = 240;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordCodec() {
    }

    /** {@code <stack>_history-<sequence>}, within Swarm's 64 characters. */
    public static String configName(String stack, long sequence) {
        return VersionedName.fit(stack, "_history-" + sequence);
    }

    /**
     * The record's data: gzipped JSON, its specs sealed with {@code seal} (or left out when there is none), and
     * within {@value #MAX_BYTES} bytes, leaving out what does not fit.
     *
     * @return the data, and the record as it was kept (without specs when they did not fit)
     */
    public static Encoded encode(DeployRecord record, Optional<HistorySeal> seal) {
        return encode(record, seal, MAX_BYTES);
    }

    static Encoded encode(DeployRecord record, Optional<HistorySeal> seal, int maxBytes) {
        DeployRecord kept = record;
        if (record.specs().isPresent() && seal.isEmpty()) {
            kept = record.withoutSpecs("the stack has no key to seal them with");
        }
        byte[] data = gzip(document(kept, seal, true));
        if (data.length > maxBytes && kept.specs().isPresent()) {
            kept = kept.withoutSpecs("its specs did not fit: " + kilobytes(data.length) + " compressed, more than the "
                    + kilobytes(maxBytes) + " a record may take (a Swarm config's limit)");
            data = gzip(document(kept, seal, true));
        }
        if (data.length > maxBytes) {
            data = gzip(document(kept, seal, false));
        }
        if (data.length > maxBytes) {
            throw new IllegalStateException("a record of stack " + record.stack() + " takes " + kilobytes(data.length)
                    + " without specs or services");
        }
        return new Encoded(data, kept);
    }

    /** The data of a record and the record as kept. */
    public record Encoded(byte[] data, DeployRecord record) {
    }

    /** The labels of a record: the stack's bookkeeping, its sequence number, and how it ended when it did. */
    public static Map<String, String> labels(DeployRecord record) {
        Map<String, String> labels = StackLabels.forHistoryRecord(record.stack(), record.sequence());
        labels.putAll(outcomeLabels(record));
        return labels;
    }

    /** The labels that say how a record ended. */
    public static Map<String, String> outcomeLabels(DeployRecord record) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(StackLabels.HISTORY_OUTCOME, record.outcome().word());
        record.finishedAt().ifPresent(at -> labels.put(StackLabels.HISTORY_FINISHED_AT, at.toString()));
        if (!record.failure().isEmpty()) {
            labels.put(StackLabels.HISTORY_FAILURE, record.failure());
        }
        return labels;
    }

    /** The first line of a failure's message, short enough for a label and a history line. */
    public static String failureText(String message) {
        String text = message == null ? "failed" : message.strip();
        int newline = text.indexOf('\n');
        return DeployOrigin.oneLine(newline < 0 ? text : text.substring(0, newline), MAX_FAILURE_LENGTH);
    }

    /** Whether a config's labels make it a record of {@code stack}'s history. */
    public static boolean isRecordOf(String stack, Map<String, String> labels) {
        return stack.equals(labels.get(StackLabels.NAMESPACE)) && "true".equals(labels.get(StackLabels.MANAGED))
                && StackLabels.HISTORY_KIND.equals(labels.get(StackLabels.KIND))
                && sequenceOf(labels).isPresent();
    }

    /** The sequence number in a record's labels. */
    public static OptionalLong sequenceOf(Map<String, String> labels) {
        try {
            long sequence = Long.parseLong(labels.getOrDefault(StackLabels.HISTORY_SEQUENCE, ""));
            return sequence > 0 ? OptionalLong.of(sequence) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The record a config holds.
     *
     * @param seal the stack's seal; without it (or when it does not open them) the record has no specs and says why
     * @throws IllegalArgumentException when the data is not a record (the message says what is wrong)
     */
    public static DeployRecord decode(String stack, Map<String, String> labels, byte[] data, Optional<HistorySeal> seal) {
        if (!isRecordOf(stack, labels)) {
            throw new IllegalArgumentException("not a record of stack " + stack + "'s history (its labels)");
        }
        long sequence = sequenceOf(labels).getAsLong();
        JsonNode document;
        try {
            document = JSON.readTree(gunzip(data));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("record #" + sequence + " is not gzipped JSON");
        }
        if (document.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("record #" + sequence + " has format " + document.path("format")
                    + ", which this version does not read (" + FORMAT + ")");
        }
        if (document.path("sequence").asLong() != sequence || !stack.equals(document.path("stack").asText())) {
            throw new IllegalArgumentException("record #" + sequence + " says it is #" + document.path("sequence")
                    + " of stack " + document.path("stack").asText() + " (was it copied?)");
        }
        List<DeployRecord.ServiceEntry> services = new ArrayList<>();
        for (JsonNode service : document.path("services")) {
            services.add(new DeployRecord.ServiceEntry(service.path("name").asText(),
                    Change.Action.valueOf(service.path("action").asText("unchanged").toUpperCase(Locale.ROOT)),
                    texts(service.path("fields")), service.path("image").asText(""), texts(service.path("configs")),
                    texts(service.path("secrets")), optionalText(service.path("promotedFrom"))));
        }
        JsonNode counts = document.path("counts");
        Map<String, String> origin = new LinkedHashMap<>();
        document.path("origin").fields().forEachRemaining(field -> origin.put(field.getKey(), field.getValue().asText()));
        Optional<AppliedStack> specs = Optional.empty();
        String missing = document.path("specs").path("omitted").asText("");
        if (document.path("specs").has("sealed")) {
            if (seal.isEmpty()) {
                missing = "they are sealed with the stack's key, which is not there (config " + stack
                        + "_secret-key was removed)";
            } else {
                try {
                    specs = Optional.of(appliedStack(JSON.readTree(gunzip(seal.get().open(
                            document.path("specs").path("sealed").asText(), binding(stack, sequence))))));
                } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
                    missing = "their seal does not open: " + e.getMessage();
                }
            }
        }
        return new DeployRecord(stack, sequence, DeployRecord.Kind.of(document.path("kind").asText("deploy")),
                instant(document.path("startedAt").asText("")).orElse(Instant.EPOCH),
                DeployRecord.Outcome.of(labels.getOrDefault(StackLabels.HISTORY_OUTCOME, "")),
                instant(labels.getOrDefault(StackLabels.HISTORY_FINISHED_AT, "")),
                labels.getOrDefault(StackLabels.HISTORY_FAILURE, ""),
                document.has("returnedTo") ? OptionalLong.of(document.path("returnedTo").asLong()) : OptionalLong.empty(),
                DeployOrigin.fromMap(origin),
                new DeployRecord.Counts(counts.path("created").asLong(), counts.path("updated").asLong(),
                        counts.path("removed").asLong(), counts.path("unchanged").asLong()),
                services, specs, specs.isPresent() ? "" : missing);
    }

    private static ObjectNode document(DeployRecord record, Optional<HistorySeal> seal, boolean withServices) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("stack", record.stack());
        root.put("sequence", record.sequence());
        root.put("kind", record.kind().word());
        root.put("startedAt", record.startedAt().toString());
        record.returnedTo().ifPresent(target -> root.put("returnedTo", target));
        HistoryJson.summary(root, record, withServices);
        if (!withServices) {
            root.put("servicesOmitted", record.services().size());
        }
        ObjectNode specs = root.putObject("specs");
        if (record.specs().isPresent() && seal.isPresent()) {
            specs.put("sealed", seal.get().seal(gzip(appliedStack(record.specs().get())),
                    binding(record.stack(), record.sequence())));
        } else {
            specs.put("omitted", record.specsMissing());
        }
        return root;
    }

    /** What the sealed specs are bound to: they open only inside the record they were written for. */
    private static String binding(String stack, long sequence) {
        return stack + "#" + sequence;
    }

    private static ObjectNode appliedStack(AppliedStack stack) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode services = root.putArray("services");
        for (AppliedStack.AppliedService service : stack.services()) {
            ObjectNode entry = services.addObject();
            entry.put("name", service.name());
            entry.put("key", service.key());
            service.dependsOn().forEach(entry.putArray("dependsOn")::add);
            entry.set("spec", service.spec());
        }
        ArrayNode networks = root.putArray("networks");
        for (DesiredNetwork network : stack.networks()) {
            ObjectNode entry = networks.addObject();
            entry.put("key", network.key());
            entry.put("name", network.name());
            entry.put("external", network.external());
            entry.put("driver", network.driver());
            network.options().forEach(entry.putObject("options")::put);
            network.ipam().ifPresent(ipam -> {
                ObjectNode node = entry.putObject("ipam");
                ipam.driver().ifPresent(driver -> node.put("driver", driver));
                ipam.subnets().forEach(node.putArray("subnets")::add);
            });
            entry.put("internal", network.internal());
            entry.put("attachable", network.attachable());
            network.labels().forEach(entry.putObject("labels")::put);
        }
        return root;
    }

    private static AppliedStack appliedStack(JsonNode root) {
        List<AppliedStack.AppliedService> services = new ArrayList<>();
        for (JsonNode service : root.path("services")) {
            if (!(service.path("spec") instanceof ObjectNode spec)) {
                throw new IllegalArgumentException("a service without a spec");
            }
            services.add(new AppliedStack.AppliedService(service.path("name").asText(), service.path("key").asText(),
                    texts(service.path("dependsOn")), spec));
        }
        List<DesiredNetwork> networks = new ArrayList<>();
        for (JsonNode network : root.path("networks")) {
            Optional<DesiredNetwork.Ipam> ipam = network.has("ipam")
                    ? Optional.of(new DesiredNetwork.Ipam(optionalText(network.path("ipam").path("driver")),
                    texts(network.path("ipam").path("subnets")))) : Optional.empty();
            networks.add(new DesiredNetwork(network.path("key").asText(), network.path("name").asText(),
                    network.path("external").asBoolean(), network.path("driver").asText(""),
                    textMap(network.path("options")), ipam, network.path("internal").asBoolean(),
                    network.path("attachable").asBoolean(), textMap(network.path("labels"))));
        }
        return new AppliedStack(services, networks);
    }

    private static byte[] gzip(JsonNode document) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            JSON.writeValue(out, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Map<String, String> textMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    private static Optional<String> optionalText(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String kilobytes(int bytes) {
        return (bytes + 999) / 1000 + " KB";
    }
}
