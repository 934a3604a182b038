package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.naming.StackLabels;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruneRulesTest {

    private static final String STACK = "shop_prod";
    private static final Instant T0 = Instant.parse("2024-07-01T10:00:00.000000001Z");

    @Test
    void keepsCurrentPreviousAndNewestAndRemovesTheOtherOldVersions() {
        List<StackObject> versions = versions(ObjectKind.CONFIG, "nginx_conf", 5);
        ServiceUsage web = new ServiceUsage("shop_prod_web",
                configs(versions.get(3).id()), configs(versions.get(1).id()));

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, versions, List.of(web)), 1);

        assertEquals(List.of("shop_prod_nginx_conf-v3", "shop_prod_nginx_conf-v1"), names(plan.toRemove()));
        assertEquals(List.of("shop_prod_nginx_conf-v5", "shop_prod_nginx_conf-v4", "shop_prod_nginx_conf-v2"),
                names(plan.toKeep()));
        assertEquals(List.of(new PruneReason.AmongNewest("nginx_conf", 1, 1)), reasonsOf(plan, "shop_prod_nginx_conf-v5"));
        assertEquals(List.of(new PruneReason.UsedByService("shop_prod_web", false)),
                reasonsOf(plan, "shop_prod_nginx_conf-v4"));
        assertEquals(List.of(new PruneReason.UsedByService("shop_prod_web", true)),
                reasonsOf(plan, "shop_prod_nginx_conf-v2"));
        assertEquals(List.of(new PruneReason.Unused(ObjectKind.CONFIG, "nginx_conf", 1)),
                reasonsOf(plan, "shop_prod_nginx_conf-v1"));
    }

    @Test
    void keepsWhatARollbackToARecordOfTheHistoryNeedsAndNothingForTheRecordsItWasNotGiven() {
        List<StackObject> configs = versions(ObjectKind.CONFIG, "page", 4);
        List<StackObject> secrets = versions(ObjectKind.SECRET, "pw", 2);
        List<StackObject> objects = new java.util.ArrayList<>(configs);
        objects.addAll(secrets);
        ServiceUsage web = new ServiceUsage("shop_prod_web", configs(configs.get(3).id()), SpecReferences.NONE);
        // the newest records given (swarm.history.keep of them): #7 used v2 and pw v1, #8 the current v4
        List<StackSnapshot.RecordUsage> history = List.of(
                new StackSnapshot.RecordUsage(8, Set.of(configs.get(3).name()), Set.of()),
                new StackSnapshot.RecordUsage(7, Set.of(configs.get(1).name()), Set.of(secrets.get(0).name())));

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, objects, List.of(web), history), 0);

        assertEquals(List.of("shop_prod_page-v3", "shop_prod_page-v1", "shop_prod_pw-v2"), names(plan.toRemove()));
        assertEquals(List.of(new PruneReason.NeededByHistory(List.of(7L))), reasonsOf(plan, "shop_prod_page-v2"));
        assertEquals("a rollback to #7 of the stack's history needs it",
                reasonsOf(plan, "shop_prod_pw-v1").get(0).describe());
        assertEquals(List.of(new PruneReason.UsedByService("shop_prod_web", false),
                new PruneReason.NeededByHistory(List.of(8L))), reasonsOf(plan, "shop_prod_page-v4"));
    }

    @Test
    void keepsTheNewestVersionsOfEachKeyEvenWhenNothingUsesThem() {
        List<StackObject> versions = versions(ObjectKind.SECRET, "db_password", 5);

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, versions, List.of()), PruneRules.DEFAULT_KEEP);

        assertEquals(List.of("shop_prod_db_password-v5", "shop_prod_db_password-v4", "shop_prod_db_password-v3"),
                names(plan.toKeep()));
        assertEquals(List.of("shop_prod_db_password-v2", "shop_prod_db_password-v1"), names(plan.toRemove()));
        assertEquals(List.of(new PruneReason.AmongNewest("db_password", 2, 3)),
                reasonsOf(plan, "shop_prod_db_password-v4"));
    }

    @Test
    void keepZeroKeepsOnlyWhatServicesReference() {
        List<StackObject> versions = versions(ObjectKind.CONFIG, "app", 3);
        ServiceUsage api = new ServiceUsage("shop_prod_api", configs(versions.get(0).id()), SpecReferences.NONE);

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, versions, List.of(api)), 0);

        assertEquals(List.of("shop_prod_app-v1"), names(plan.toKeep()));
        assertEquals(List.of("shop_prod_app-v3", "shop_prod_app-v2"), names(plan.toRemove()));
        assertEquals(List.of("used by no service's current or previous spec"),
                reasonsOf(plan, "shop_prod_app-v3").stream().map(PruneReason::describe).toList(),
                "keep 0 keeps no version for being new: nothing to say about 'the newest 0'");
    }

    @Test
    void versionsOfConfigsAndSecretsWithTheSameKeyAreCountedApart() {
        List<StackObject> objects = new java.util.ArrayList<>(versions(ObjectKind.CONFIG, "app", 2));
        objects.addAll(versions(ObjectKind.SECRET, "app", 2));

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, objects, List.of()), 1);

        assertEquals(List.of("config shop_prod_app-v1", "secret shop_prod_app-v1"),
                plan.toRemove().stream().map(decision -> decision.object().describe()).toList());
    }

    @Test
    void aReferenceByNameCountsLikeOneByIdAndServicesOfOtherStacksCountToo() {
        List<StackObject> versions = versions(ObjectKind.CONFIG, "shared", 3);
        ServiceUsage other = new ServiceUsage("billing_prod_worker",
                new SpecReferences(Set.of("shop_prod_shared-v1"), Set.of(), Set.of()), SpecReferences.NONE);

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, versions, List.of(other)), 1);

        assertEquals(List.of("shop_prod_shared-v2"), names(plan.toRemove()));
        assertEquals(List.of(new PruneReason.UsedByService("billing_prod_worker", false)),
                reasonsOf(plan, "shop_prod_shared-v1"));
    }

    @Test
    void otherStacksObjectsTheDeployLockAndTheSecretKeyAreNotPartOfThePlanAndUnmanagedOnesOfTheStackAreKept() {
        StackObject otherStack = object(ObjectKind.CONFIG, "billing_prod_app-v1",
                labels("billing_prod", true, "app"), T0);
        StackObject noNamespace = object(ObjectKind.SECRET, "tls_cert", Map.of(), T0);
        StackObject madeByDocker = object(ObjectKind.CONFIG, "shop_prod_legacy",
                labels(STACK, false, null), T0);
        StackObject lock = object(ObjectKind.CONFIG, "shop_prod_deploy-lock",
                Map.of(StackLabels.NAMESPACE, STACK, StackLabels.LOCK_HOLDER, "ci"), T0);
        StackObject managedFalse = object(ObjectKind.CONFIG, "shop_prod_odd",
                Map.of(StackLabels.NAMESPACE, STACK, StackLabels.MANAGED, "false", StackLabels.KEY, "odd"), T0);
        StackObject secretKey = object(ObjectKind.CONFIG, "shop_prod_secret-key",
                StackLabels.forSecretVersionKey(STACK), T0);

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK,
                List.of(otherStack, noNamespace, madeByDocker, lock, managedFalse, secretKey), List.of()), 0);

        assertEquals(List.of(), plan.toRemove());
        assertEquals(Set.of("shop_prod_legacy", "shop_prod_odd"),
                Set.copyOf(names(plan.toKeep())));
        plan.toKeep().forEach(decision ->
                assertEquals(List.of(new PruneReason.NotCreatedBySwarmDeploy()), decision.reasons()));
    }

    @Test
    void aManagedConfigWithoutKeyIsKeptBecauseItsVersionsCannotBeToldApart() {
        StackObject keyless = object(ObjectKind.CONFIG, "shop_prod_x", labels(STACK, true, null), T0);

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, List.of(keyless), List.of()), 0);

        assertEquals(List.of(new PruneReason.WithoutKey()), reasonsOf(plan, "shop_prod_x"));
    }

    @Test
    void networksGoWhenNoCurrentOrPreviousSpecAttachesToThem() {
        StackObject unused = object(ObjectKind.NETWORK, "shop_prod_old", labels(STACK, true, null), T0);
        StackObject current = object(ObjectKind.NETWORK, "shop_prod_default", labels(STACK, true, null), T0);
        StackObject previous = object(ObjectKind.NETWORK, "shop_prod_backend", labels(STACK, true, null), T0);
        StackObject notOurs = object(ObjectKind.NETWORK, "shop_prod_made_by_docker", labels(STACK, false, null), T0);
        ServiceUsage web = new ServiceUsage("shop_prod_web",
                new SpecReferences(Set.of(), Set.of(), Set.of(current.id())),
                new SpecReferences(Set.of(), Set.of(), Set.of(previous.id())));

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, List.of(unused, current, previous, notOurs),
                List.of(web)), 3);

        assertEquals(List.of("shop_prod_old"), names(plan.toRemove()));
        assertEquals(List.of(new PruneReason.Unused(ObjectKind.NETWORK, null, 3)), reasonsOf(plan, "shop_prod_old"));
        assertEquals(List.of(new PruneReason.UsedByService("shop_prod_web", true)),
                reasonsOf(plan, "shop_prod_backend"));
    }

    @Test
    void equalCreationTimesAreOrderedByTheSwarmsVersionIndex() {
        StackObject older = new StackObject(ObjectKind.CONFIG, "id-a", "shop_prod_app-a", labels(STACK, true, "app"), T0, 10);
        StackObject newer = new StackObject(ObjectKind.CONFIG, "id-b", "shop_prod_app-b", labels(STACK, true, "app"), T0, 11);

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, List.of(newer, older), List.of()), 1);

        assertEquals(List.of("shop_prod_app-a"), names(plan.toRemove()));
    }

    @Test
    void everyReasonIsGivenWhenSeveralApply() {
        List<StackObject> versions = versions(ObjectKind.CONFIG, "app", 1);
        String id = versions.get(0).id();
        ServiceUsage web = new ServiceUsage("shop_prod_web", configs(id), configs(id));

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, versions, List.of(web)), 1);

        PruneDecision decision = plan.toKeep().get(0);
        assertEquals("used by service shop_prod_web; in the previous spec of service shop_prod_web (its rollback target);"
                + " the newest version of 'app' (keep 1)", decision.because());
    }

    @Test
    void severalServicesUsingOneObjectAreNamedInOneReason() {
        StackObject network = object(ObjectKind.NETWORK, "shop_prod_default", labels(STACK, true, null), T0);
        SpecReferences attached = new SpecReferences(Set.of(), Set.of(), Set.of(network.id()));
        List<ServiceUsage> services = List.of(new ServiceUsage("web", attached, SpecReferences.NONE),
                new ServiceUsage("worker", attached, attached), new ServiceUsage("db", attached, attached));

        PrunePlan plan = PruneRules.decide(new StackSnapshot(STACK, List.of(network), services), 3);

        assertEquals("used by services web, worker, db; in the previous specs of services worker, db (their rollback"
                + " targets)", plan.toKeep().get(0).because());
    }

    @Test
    void aNegativeKeepIsRejected() {
        assertEquals(Option.PRUNE_KEEP, assertThrows(InvalidOptionException.class,
                () -> PruneRules.decide(new StackSnapshot(STACK, List.of(), List.of()), -1)).option());
        InvalidOptionException negative = assertThrows(InvalidOptionException.class,
                () -> PruneOptions.defaults().withKeep(-1));
        assertEquals("PruneOptions.keep must be 0 or more (versions kept per key), was -1", negative.getMessage());
        assertEquals(Option.PRUNE_KEEP, negative.option());
        assertTrue(PruneOptions.defaults().keep() == 3 && !PruneOptions.defaults().dryRun()
                && !PruneOptions.defaults().cleanNode());
    }

    /** n versions v1 (oldest) .. vn (newest), created a minute apart, listed oldest first. */
    static List<StackObject> versions(ObjectKind kind, String key, int n) {
        List<StackObject> versions = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            versions.add(object(kind, STACK + "_" + key + "-v" + i, labels(STACK, true, key), T0.plusSeconds(60L * i)));
        }
        return versions;
    }

    static StackObject object(ObjectKind kind, String name, Map<String, String> labels, Instant createdAt) {
        return new StackObject(kind, "id-" + kind.singular() + "-" + name, name, labels, createdAt, 1);
    }

    static Map<String, String> labels(String stack, boolean managed, String key) {
        Map<String, String> labels = new HashMap<>();
        labels.put(StackLabels.NAMESPACE, stack);
        if (managed) {
            labels.put(StackLabels.MANAGED, "true");
        }
        if (key != null) {
            labels.put(StackLabels.KEY, key);
            labels.put(StackLabels.HASH, Integer.toHexString(key.hashCode()));
        }
        return labels;
    }

    private static SpecReferences configs(String... ids) {
        return new SpecReferences(Set.of(ids), Set.of(), Set.of());
    }

    private static List<String> names(List<PruneDecision> decisions) {
        return decisions.stream().map(decision -> decision.object().name()).toList();
    }

    private static List<PruneReason> reasonsOf(PrunePlan plan, String name) {
        return plan.decisions().stream().filter(decision -> decision.object().name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no decision for " + name)).reasons();
    }

    @Test
    void aKeptVersionsRankReadsAsEnglish() {
        assertEquals("the newest version of 'app' (keep 3)", new PruneReason.AmongNewest("app", 1, 3).describe());
        assertEquals("the 2nd newest version of 'app' (keep 3)", new PruneReason.AmongNewest("app", 2, 3).describe());
        assertEquals(List.of("3rd", "4th", "11th", "12th", "21st", "22nd", "103rd"),
                java.util.stream.IntStream.of(3, 4, 11, 12, 21, 22, 103).mapToObj(PruneReason.AmongNewest::ordinal).toList());
    }
}
