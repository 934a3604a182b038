package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.naming.StackLabels;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecTest {

    private static final HistorySeal SEAL = HistorySeal.of(SecretVersionKey.generate());

    private static final ObjectNode WEB = Records.spec("web", "reg/app:v2@sha256:" + "a".repeat(64),
            Map.of("DB_PASSWORD", "pw-s3cr3t-value", "MODE", "prod"), List.of("shop_prod_page_0123456789abcdef"),
            List.of("shop_prod_token_fedcba9876543210"));

    @Test
    void aRecordComesBackAsItWasWrittenWithItsOutcomeFromTheLabels() {
        DeployRecord written = new DeployRecord(Records.STACK, 7, DeployRecord.Kind.ROLLBACK,
                Instant.parse("2024-07-17T09:12:44Z"), DeployRecord.Outcome.RUNNING, Optional.empty(), "",
                OptionalLong.of(5), DeployOrigin.fromEnvironment(Map.of("CI_COMMIT_SHA", "8a4f53ae0123",
                "CI_COMMIT_REF_NAME", "main", "CI_JOB_URL", "https://gitlab.example.com/x/-/jobs/42",
                "GITLAB_USER_LOGIN", "alice", "SWARM_TAG", "20240717_8a4f53ae")),
                new DeployRecord.Counts(1, 2, 0, 3), Records.succeeded(7, WEB).services(),
                Optional.of(Records.applied(WEB)), "");

        RecordCodec.Encoded encoded = RecordCodec.encode(written, Optional.of(SEAL));
        DeployRecord finished = written.finished(DeployRecord.Outcome.SUCCEEDED, Instant.parse("2024-07-17T09:14:00Z"), "");
        DeployRecord read = RecordCodec.decode(Records.STACK, RecordCodec.labels(finished), encoded.data(),
                Optional.of(SEAL));

        assertEquals(finished.sequence(), read.sequence());
        assertEquals(DeployRecord.Kind.ROLLBACK, read.kind());
        assertEquals(OptionalLong.of(5), read.returnedTo());
        assertEquals(DeployRecord.Outcome.SUCCEEDED, read.outcome());
        assertEquals(finished.finishedAt(), read.finishedAt());
        assertEquals(written.origin(), read.origin());
        assertEquals(written.counts(), read.counts());
        assertEquals(written.services(), read.services());
        assertEquals(WEB, read.specs().orElseThrow().service("shop_prod_web").orElseThrow().spec());
        assertEquals(written.specs().get().networks(), read.specs().get().networks());
        assertTrue(read.render().startsWith("#7  2024-07-17 09:12:44Z  rollback to #5  succeeded  ~web  app:v2"
                + "  commit 8a4f53ae (main) by alice"), read.render());
    }

    @Test
    void theSpecsAreSealedNothingOfAnEnvironmentValueIsReadableWithoutTheStacksKey() {
        DeployRecord written = Records.succeeded(3, WEB);

        byte[] data = RecordCodec.encode(written, Optional.of(SEAL)).data();

        String document = Records.text(data);
        assertFalse(document.contains("pw-s3cr3t-value"), document);
        assertFalse(document.contains("DB_PASSWORD"), "not even the names of variables: " + document);
        assertTrue(document.contains("shop_prod_token_fedcba9876543210"), "secret names are, as the plan shows them");
        DeployRecord otherKey = RecordCodec.decode(Records.STACK, RecordCodec.labels(written), data,
                Optional.of(HistorySeal.of(SecretVersionKey.generate())));
        assertTrue(otherKey.specs().isEmpty());
        assertTrue(otherKey.specsMissing().startsWith("their seal does not open: they were sealed under another key"),
                otherKey.specsMissing());
        DeployRecord noKey = RecordCodec.decode(Records.STACK, RecordCodec.labels(written), data, Optional.empty());
        assertEquals("they are sealed with the stack's key, which is not there (config shop_prod_secret-key was"
                + " removed)", noKey.specsMissing());
        assertEquals(written.services(), noKey.services(), "what a history line shows needs no key");
    }

    @Test
    void sealedSpecsDoNotOpenInAnotherRecord() {
        byte[] data = RecordCodec.encode(Records.succeeded(3, WEB), Optional.of(SEAL)).data();
        String copied = Records.text(data).replace("\"sequence\":3", "\"sequence\":4");
        byte[] moved = gzip(copied);

        DeployRecord read = RecordCodec.decode(Records.STACK, RecordCodec.labels(Records.succeeded(4, WEB)), moved,
                Optional.of(SEAL));

        assertTrue(read.specs().isEmpty(), "specs bound to #3 opened as #4");
    }

    @Test
    void aRecordTooLargeForAConfigIsKeptWithoutSpecsAndSaysWhy() {
        ObjectNode[] many = new ObjectNode[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = Records.spec("svc" + i, "reg/app:v" + i, Map.of("RANDOM", java.util.UUID.randomUUID().toString()
                    + java.util.UUID.randomUUID()), List.of(), List.of());
        }
        DeployRecord record = Records.succeeded(9, many);

        RecordCodec.Encoded encoded = RecordCodec.encode(record, Optional.of(SEAL), 3_000);

        assertTrue(encoded.data().length <= 3_000, encoded.data().length + " bytes");
        assertTrue(encoded.record().specs().isEmpty());
        assertTrue(encoded.record().specsMissing().matches("its specs did not fit: \\d+ KB compressed, more than the"
                + " 3 KB a record may take \\(a Swarm config's limit\\)"), encoded.record().specsMissing());
        DeployRecord read = RecordCodec.decode(Records.STACK, RecordCodec.labels(record), encoded.data(), Optional.of(SEAL));
        assertEquals(encoded.record().specsMissing(), read.specsMissing());
        assertEquals(40, read.services().size(), "the services still fit");

        RecordCodec.Encoded tiny = RecordCodec.encode(record, Optional.of(SEAL), 400);
        DeployRecord counts = RecordCodec.decode(Records.STACK, RecordCodec.labels(record), tiny.data(), Optional.of(SEAL));
        assertEquals(List.of(), counts.services());
        assertEquals(record.counts(), counts.counts());
    }

    @Test
    void aDefaultSizedRecordOfTwoHundredServicesKeepsItsSpecs() {
        ObjectNode[] many = new ObjectNode[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = Records.spec("svc" + i, "registry.example.com/team/app-" + i + ":20240717_8a4f53ae@sha256:"
                    + "b".repeat(64), Map.of("JAVA_OPTS", "-Xmx512m -Dservice=" + i, "PEER", "svc" + (i + 1)),
                    List.of("shop_prod_conf_" + i), List.of("shop_prod_db_password_0123456789abcdef"));
        }

        RecordCodec.Encoded encoded = RecordCodec.encode(Records.succeeded(1, many), Optional.of(SEAL));

        assertTrue(encoded.record().specs().isPresent(), encoded.record().specsMissing());
        assertTrue(encoded.data().length < RecordCodec.MAX_BYTES / 5, encoded.data().length + " bytes");
    }

    @Test
    void withoutAKeyTheSpecsAreLeftOut() {
        RecordCodec.Encoded encoded = RecordCodec.encode(Records.succeeded(2, WEB), Optional.empty());

        assertFalse(Records.text(encoded.data()).contains("pw-s3cr3t-value"));
        assertEquals("the stack has no key to seal them with", encoded.record().specsMissing());
    }

    @Test
    void labelsNameTheStackTheKindTheSequenceAndTheOutcome() {
        DeployRecord failed = Records.failed(12, WEB);

        Map<String, String> labels = RecordCodec.labels(failed);

        assertEquals(Records.STACK, labels.get(StackLabels.NAMESPACE));
        assertEquals("true", labels.get(StackLabels.MANAGED));
        assertEquals("deploy-record", labels.get(StackLabels.KIND));
        assertEquals("12", labels.get(StackLabels.HISTORY_SEQUENCE));
        assertEquals("failed", labels.get(StackLabels.HISTORY_OUTCOME));
        assertEquals("web: rolled back", labels.get(StackLabels.HISTORY_FAILURE));
        assertTrue(StackLabels.isBookkeeping(labels), "prune and the deploy's plan leave records alone");
        assertTrue(RecordCodec.isRecordOf(Records.STACK, labels));
        Map<String, String> foreign = new HashMap<>(labels);
        foreign.remove(StackLabels.MANAGED);
        assertFalse(RecordCodec.isRecordOf(Records.STACK, foreign));
        assertFalse(RecordCodec.isRecordOf("shop_dev", labels));
    }

    @Test
    void configNamesStayWithinSwarmsLimit() {
        assertEquals("shop_prod_history-12", RecordCodec.configName("shop_prod", 12));
        String longName = RecordCodec.configName("a-very-long-project-name-for-a-review-stack_review-12345-x", 123456);
        assertEquals(64, longName.length(), longName);
        assertTrue(longName.endsWith("_history-123456"), longName);
    }

    @Test
    void failureTextIsOneShortLine() {
        assertEquals("stack x cannot be deployed", RecordCodec.failureText("stack x cannot be deployed\n  a problem"));
        assertEquals(240, RecordCodec.failureText("x".repeat(1000)).length());
    }

    @Test
    void dataThatIsNoRecordIsRefusedSayingWhy() {
        Map<String, String> labels = RecordCodec.labels(Records.succeeded(2, WEB));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordCodec.decode(Records.STACK, labels, "not gzip".getBytes(), Optional.of(SEAL)));
        assertEquals("record #2 is not gzipped JSON", e.getMessage());
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
