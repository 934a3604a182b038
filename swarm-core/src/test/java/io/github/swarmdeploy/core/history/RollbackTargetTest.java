package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RollbackTargetTest {

    private static final ObjectNode V1 = Records.spec("web", "reg/app:v1@sha256:" + "1".repeat(64));
    private static final ObjectNode V2 = Records.spec("web", "reg/app:v2@sha256:" + "2".repeat(64));
    private static final ObjectNode V3 = Records.spec("web", "reg/app:v3@sha256:" + "3".repeat(64));

    @Test
    void byDefaultThePreviousSuccessfulDeploy() {
        List<DeployRecord> records = List.of(Records.succeeded(1, V1), Records.succeeded(2, V2));

        assertEquals(1, RollbackTarget.choose("shop_prod", records, OptionalLong.empty()).sequence());
    }

    @Test
    void aDeployThatAppliedTheSameSpecsIsSkippedItWouldChangeNothing() {
        ObjectNode forced = V2.deepCopy();
        ((ObjectNode) forced.get("TaskTemplate")).put("ForceUpdate", 3);
        List<DeployRecord> records = List.of(Records.succeeded(1, V1), Records.succeeded(2, V2),
                Records.succeeded(3, forced));

        assertEquals(1, RollbackTarget.choose("shop_prod", records, OptionalLong.empty()).sequence());
    }

    @Test
    void afterAFailedDeployTheLastSuccessfulOne() {
        List<DeployRecord> records = List.of(Records.succeeded(1, V1), Records.succeeded(2, V2),
                Records.failed(3, V3));

        assertEquals(2, RollbackTarget.choose("shop_prod", records, OptionalLong.empty()).sequence());
    }

    @Test
    void aRollbackIsAStateToReturnToSoASecondRollbackGoesBackAgain() {
        DeployRecord rollback = Records.succeeded(3, V1);
        List<DeployRecord> records = List.of(Records.succeeded(1, V1), Records.succeeded(2, V2), rollback);

        assertEquals(2, RollbackTarget.choose("shop_prod", records, OptionalLong.empty()).sequence());
    }

    @Test
    void recordsWithoutSpecsAndRemovalsAreNoTargets() {
        DeployRecord noSpecs = Records.record(2, DeployRecord.Outcome.SUCCEEDED, Optional.empty());
        List<DeployRecord> records = List.of(Records.succeeded(1, V1), noSpecs, Records.succeeded(3, V3));

        assertEquals(1, RollbackTarget.choose("shop_prod", records, OptionalLong.empty()).sequence());
        RollbackTarget.NoTargetException e = assertThrows(RollbackTarget.NoTargetException.class,
                () -> RollbackTarget.choose("shop_prod", records, OptionalLong.of(2)));
        assertEquals("StackDeployment.rollback(to)=2: record #2 of stack shop_prod holds no specs to return to: none kept",
                e.getMessage());
    }

    @Test
    void anyRecordedDeployCanBeNamed() {
        List<DeployRecord> records = List.of(Records.succeeded(4, V1), Records.failed(5, V2), Records.succeeded(6, V3));

        assertEquals(5, RollbackTarget.choose("shop_prod", records, OptionalLong.of(5)).sequence());
        RollbackTarget.NoTargetException e = assertThrows(RollbackTarget.NoTargetException.class,
                () -> RollbackTarget.choose("shop_prod", records, OptionalLong.of(2)));
        assertEquals("StackDeployment.rollback(to)=2: stack shop_prod has no record #2 (it keeps #4–#6, HistoryOptions.keep"
                + " bounds them)", e.getMessage());
    }

    @Test
    void noHistoryOrNoEarlierSuccessSaysSo() {
        assertEquals("stack shop_prod has no deploy history: nothing to roll back to (a deploy of this version of"
                + " swarm-deploy records one)", assertThrows(RollbackTarget.NoTargetException.class,
                () -> RollbackTarget.choose("shop_prod", List.of(), OptionalLong.empty())).getMessage());
        List<DeployRecord> records = List.of(Records.failed(1, V1), Records.succeeded(2, V2));
        assertEquals("stack shop_prod has no successful deploy before #2 to roll back to that applied other specs"
                + " (records #1–#2 are kept; #1 failed); name one with StackDeployment.rollback(to)",
                assertThrows(RollbackTarget.NoTargetException.class,
                        () -> RollbackTarget.choose("shop_prod", records, OptionalLong.empty())).getMessage());
    }
}
