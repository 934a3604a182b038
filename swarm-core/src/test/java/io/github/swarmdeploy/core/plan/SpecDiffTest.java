package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NETWORKS = Map.of("clo2aqgwfimt54knnhtuuyrf7", "dx_back");
    private final SpecNormalizer normalizer = new SpecNormalizer(id -> NETWORKS.getOrDefault(id, id), new EngineFeatures("1.41"));

    private static ObjectNode read(String name) throws IOException {
        try (InputStream in = SpecDiffTest.class.getResourceAsStream("/plan/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private List<FieldChange> diff(JsonNode live, JsonNode desired) {
        return SpecDiff.between(normalizer.normalize(live), normalizer.normalize(desired));
    }

    @Test
    void specAsSentEqualsSpecAsTheEngineReportsIt() throws IOException {
        List<FieldChange> changes = diff(read("live-web.json"), read("desired-web.json"));
        assertTrue(changes.isEmpty(), () -> "expected no difference, got " + changes);
    }

    @Test
    void normalizingLeavesTheArgumentAlone() throws IOException {
        ObjectNode live = read("live-web.json");
        String before = live.toString();
        normalizer.normalize(live);
        assertEquals(before, live.toString());
    }

    @Test
    void imageChangeIsNamedAndShortened() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ObjectNode live = read("live-web.json");
        ((ObjectNode) live.at("/TaskTemplate/ContainerSpec")).put("Image", "registry.example.com/project/backend:20240704_63586a62");
        ((ObjectNode) desired.at("/TaskTemplate/ContainerSpec")).put("Image", "registry.example.com/project/backend:20240717_8a4f53ae");
        ((ObjectNode) desired.get("Labels")).put("com.docker.stack.image", "registry.example.com/project/backend:20240717_8a4f53ae");

        List<FieldChange> changes = diff(live, desired);

        assertEquals(1, changes.size(), changes::toString);
        assertEquals("image: …:20240704_63586a62 → …:20240717_8a4f53ae", changes.get(0).render());
    }

    @Test
    void environmentChangesNameVariablesButNeverShowValues() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ArrayNode env = ((ObjectNode) desired.at("/TaskTemplate/ContainerSpec")).putArray("Env");
        env.add("A=s3cr3t-new").add("C=3");

        List<FieldChange> changes = diff(read("live-web.json"), desired);

        assertEquals(1, changes.size(), changes::toString);
        assertEquals("environment: ~A +C -B", changes.get(0).render());
        assertFalse(changes.get(0).toString().contains("s3cr3t"));
    }

    @Test
    void configVersionChangeListsOldAndNewObject() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.at("/TaskTemplate/ContainerSpec/Configs/0")).put("ConfigName", "dx_conf_0123456789abcdef");

        List<FieldChange> changes = diff(read("live-web.json"), desired);

        assertEquals(List.of("configs: -dx_conf +dx_conf_0123456789abcdef"),
                changes.stream().map(FieldChange::render).toList());
    }

    @Test
    void replicasAndAddedLabel() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.at("/Mode/Replicated")).put("Replicas", 2);
        ((ObjectNode) desired.get("Labels")).put("team", "backend");

        List<String> rendered = diff(read("live-web.json"), desired).stream().map(FieldChange::render).toList();

        assertEquals(List.of("deploy.labels.team: (none) → backend", "deploy.replicas: 0 → 2"), rendered);
    }

    @Test
    void globalModeIsNotMistakenForAnEmptyObject() throws IOException {
        ObjectNode desired = read("desired-web.json");
        desired.putObject("Mode").putObject("Global");

        List<FieldChange> changes = diff(read("live-web.json"), desired);

        assertEquals(List.of("deploy.mode: replicated → global"), changes.stream().map(FieldChange::render).toList());
    }

    @Test
    void forceUpdateCounterIsNotAChange() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.get("TaskTemplate")).put("ForceUpdate", 7);
        assertTrue(diff(read("live-web.json"), desired).isEmpty());
    }

    @Test
    void removedPortIsAChange() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.get("EndpointSpec")).remove("Ports");
        List<FieldChange> changes = diff(read("live-web.json"), desired);
        assertEquals(1, changes.size(), changes::toString);
        assertEquals("ports", changes.get(0).field());
        assertEquals("", changes.get(0).after());
    }

    @Test
    void digestsAreShortenedInImageChanges() {
        String[] texts = ImageText.elideCommonPrefix("reg.io/app:1@sha256:" + "a".repeat(64), "reg.io/app:1@sha256:" + "b".repeat(64));
        assertEquals("…@sha256:aaaaaaaaaaaa…", texts[0]);
        assertEquals("…@sha256:bbbbbbbbbbbb…", texts[1]);
    }

    @Test
    void whatSwarmDoesNotKeepIsNotAChange() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ObjectNode container = (ObjectNode) desired.at("/TaskTemplate/ContainerSpec");
        container.putArray("Mounts").addObject().put("Type", "bind").put("Source", "/opt").put("Target", "/opt")
                .put("Consistency", "cached");
        container.putObject("Healthcheck").put("Interval", 1_000_000_000L).put("StartInterval", 2_000_000_000L);
        desired.putObject("UpdateConfig").put("MaxFailureRatio", 0.3f);
        ObjectNode live = read("live-web.json");
        ObjectNode liveContainer = (ObjectNode) live.at("/TaskTemplate/ContainerSpec");
        liveContainer.putArray("Mounts").addObject().put("Type", "bind").put("Source", "/opt").put("Target", "/opt");
        liveContainer.putObject("Healthcheck").put("Interval", 1_000_000_000);
        live.putObject("UpdateConfig").put("MaxFailureRatio", 0.3);

        assertTrue(diff(live, desired).isEmpty(), () -> diff(live, desired).toString());
    }

    @Test
    void mountWithoutTypeIsTheBindMountTheEngineStores() throws IOException {
        // volumes: [{type: "", target: /x}] (an unset ${TYPE}): docker sends no type, Swarm reports "bind"
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.at("/TaskTemplate/ContainerSpec")).putArray("Mounts").addObject().put("Target", "/x");
        ObjectNode live = read("live-web.json");
        ((ObjectNode) live.at("/TaskTemplate/ContainerSpec")).putArray("Mounts").addObject()
                .put("Type", "bind").put("Target", "/x");
        ObjectNode volume = live.deepCopy();
        ((ObjectNode) volume.at("/TaskTemplate/ContainerSpec/Mounts/0")).put("Type", "volume");

        assertTrue(diff(live, desired).isEmpty(), () -> diff(live, desired).toString());
        assertEquals(1, diff(volume, desired).size(), () -> diff(volume, desired).toString());
    }

    @Test
    void fieldTheEngineKnowsIsCompared() throws IOException {
        SpecNormalizer newer = new SpecNormalizer(id -> NETWORKS.getOrDefault(id, id), new EngineFeatures("1.47"));
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.at("/TaskTemplate/ContainerSpec")).putObject("Healthcheck").put("StartInterval", 2_000_000_000L);

        List<FieldChange> changes = SpecDiff.between(newer.normalize(read("live-web.json")), newer.normalize(desired));

        assertEquals(List.of("healthcheck: (none) → {\"StartInterval\":2000000000}"),
                changes.stream().map(FieldChange::render).toList());
        assertEquals(List.of("healthcheck.start_interval (needs Docker API 1.44, the engine speaks 1.41)"),
                new EngineFeatures("1.41").unsupportedIn(desired));
        assertEquals(List.of(), new EngineFeatures("1.44").unsupportedIn(desired));
    }

    @Test
    void credentialSpecConfigIdIsComparedThroughItsConfigReference() throws IOException {
        ObjectNode live = read("live-web.json");
        ((ObjectNode) live.at("/TaskTemplate/ContainerSpec")).putObject("Privileges").putObject("CredentialSpec")
                .put("Config", "mzgjms9xrejpglzylno6f6sx5");
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.at("/TaskTemplate/ContainerSpec")).putObject("Privileges").putObject("CredentialSpec");

        assertTrue(diff(live, desired).isEmpty(), () -> diff(live, desired).toString());
    }

    @Test
    void durationsReadAsComposeWritesThem() throws IOException {
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.at("/TaskTemplate/ContainerSpec")).put("StopGracePeriod", 2_000_000_000L);
        desired.putObject("UpdateConfig").put("Parallelism", 1).put("Monitor", 90_000_000_000L);
        ObjectNode live = read("live-web.json");
        live.putObject("UpdateConfig").put("Parallelism", 1);

        List<String> rendered = diff(live, desired).stream().map(FieldChange::render).toList();

        assertEquals(List.of("stop_grace_period: (none) → 2s", "deploy.update_config.monitor: (none) → 1m30s"), rendered);
    }

    @Test
    void restartPolicyWithoutConditionIsTheAnyTheEngineStores() throws IOException {
        // restart_policy: {delay: 600s}: docker sends no condition, the engine reports "any"
        ObjectNode desired = read("desired-web.json");
        ((ObjectNode) desired.get("TaskTemplate")).putObject("RestartPolicy").put("Delay", 600_000_000_000L);
        ObjectNode live = read("live-web.json");
        ((ObjectNode) live.get("TaskTemplate")).putObject("RestartPolicy").put("Condition", "any")
                .put("Delay", 600_000_000_000L).put("MaxAttempts", 0);
        ObjectNode onFailure = live.deepCopy();
        ((ObjectNode) onFailure.at("/TaskTemplate/RestartPolicy")).put("Condition", "on-failure");

        assertTrue(diff(live, desired).isEmpty(), () -> diff(live, desired).toString());
        assertEquals(List.of("deploy.restart_policy.condition: on-failure → (none)"),
                diff(onFailure, desired).stream().map(FieldChange::render).toList());
    }
}
