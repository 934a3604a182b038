package io.github.swarmdeploy.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.core.DockerClientConfig;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.swarm.SwarmServiceMode;
import io.github.swarmdeploy.core.image.DistributionLookup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackPlannerTest {

    private static final ObjectMapper JSON = DockerClientConfig.getDefaultObjectMapper();
    private static final String IMAGE = "registry.example.com/project/backend:20240704_63586a62";

    private final StackPlanner planner = new StackPlanner();

    private static DesiredService service(String key, String image, List<String> dependsOn) {
        return new DesiredService(key, "app_" + key, dependsOn, ids -> JSON.valueToTree(new ServiceSpec()
                .withName("app_" + key)
                .withLabels(Map.of("com.docker.stack.namespace", "app", "com.docker.stack.image", image))
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(image)
                        .withLabels(Map.of("com.docker.stack.namespace", "app"))))
                .withMode(SwarmServiceMode.replicated(null))));
    }

    private static DesiredStack stack(DesiredService... services) {
        return new DesiredStack("app",
                List.of(new DesiredNetwork("default", "app_default", false, "overlay", Map.of(), Optional.empty(),
                        false, false, Map.of("com.docker.stack.namespace", "app"))),
                List.of(new DesiredConfig("conf", "app_conf_0123456789abcdef", false, Map.of(), new byte[] {1},
                        Optional.empty())),
                List.of(new DesiredSecret("pw", "app_pw_0123456789abcdef", false, Map.of(), new byte[] {2},
                        Optional.empty(), Optional.empty(), Map.of())),
                List.of(services));
    }

    /** The service as the engine would report it after creating it from the desired spec. */
    private static LiveStack.Service running(DesiredService service, String id, long version) {
        ObjectNode spec = service.spec();
        ObjectNode task = (ObjectNode) spec.get("TaskTemplate");
        task.put("ForceUpdate", 2).put("Runtime", "container");
        ((ObjectNode) task.get("ContainerSpec")).put("Isolation", "default");
        ((ObjectNode) spec.at("/Mode/Replicated")).put("Replicas", 1);
        spec.putObject("EndpointSpec").put("Mode", "vip");
        return new LiveStack.Service(id, service.name(), version, spec, Optional.empty(), "");
    }

    private static LiveStack live(List<LiveStack.Service> services, boolean objectsExist) {
        List<LiveStack.Network> networks = objectsExist
                ? List.of(new LiveStack.Network("n1", "app_default", "swarm", "overlay", Map.of())) : List.of();
        List<LiveStack.SwarmObject> configs = objectsExist
                ? List.of(new LiveStack.SwarmObject("c1", "app_conf_0123456789abcdef", Map.of(), Instant.EPOCH)) : List.of();
        List<LiveStack.SwarmObject> secrets = objectsExist
                ? List.of(new LiveStack.SwarmObject("s1", "app_pw_0123456789abcdef", Map.of(), Instant.EPOCH)) : List.of();
        return new LiveStack("app", "1.41", services, networks, configs, secrets);
    }

    private static Map<String, ImagePinning.Decision> asWritten(DesiredStack stack) {
        Map<String, ImagePinning.Decision> images = new java.util.HashMap<>();
        stack.services().forEach(s -> images.put(s.name(), new ImagePinning.Decision(
                s.spec().at("/TaskTemplate/ContainerSpec/Image").asText(), false, "")));
        return images;
    }

    @Test
    void firstDeployCreatesEverything() {
        DesiredStack desired = stack(service("backend", IMAGE, List.of()));

        Plan plan = planner.plan(desired, live(List.of(), false), asWritten(desired), false);

        assertEquals(List.of("+ network app_default", "+ secret app_pw_0123456789abcdef",
                "+ config app_conf_0123456789abcdef", "+ service app_backend"), plan.render().subList(1, 5));
        assertTrue(plan.render().get(0).contains("4 to create"), plan.render().get(0));
    }

    @Test
    void twoKeysThatNameOneConfigWithTheSameContentCreateItOnce() {
        DesiredStack one = stack(service("backend", IMAGE, List.of()));
        DesiredConfig config = one.configs().get(0);
        DesiredStack desired = new DesiredStack("app", one.networks(), List.of(config, new DesiredConfig("conf2",
                config.name(), false, config.labels(), config.data(), Optional.empty())), one.secrets(), one.services());

        Plan plan = planner.plan(desired, live(List.of(), false), asWritten(desired), false);

        assertEquals(List.of("+ config app_conf_0123456789abcdef"), plan.render().stream()
                .filter(line -> line.contains("config")).toList(), plan::toString);
    }

    @Test
    void sameFilesAgainChangeNothing() {
        DesiredService backend = service("backend", IMAGE, List.of());
        DesiredStack desired = stack(backend);

        Plan plan = planner.plan(desired, live(List.of(running(backend, "id1", 10)), true), asWritten(desired), false);

        assertFalse(plan.hasChanges(), plan::toString);
        assertTrue(plan.render().get(0).endsWith("no changes (4 objects up to date)"), plan.render().get(0));
    }

    @Test
    void thePlanSaysWhichUnchangedServicesAreNotHealthy() {
        DesiredService backend = service("backend", IMAGE, List.of());
        DesiredStack desired = stack(backend);

        Plan plan = planner.plan(desired, live(List.of(running(backend, "id1", 10)), true), asWritten(desired), false)
                .withUnhealthy(Map.of("app_backend", "not healthy: 0/1 running; watched like an update"));

        assertFalse(plan.hasChanges(), "nothing is updated");
        assertEquals("Plan for stack app: no changes (4 objects up to date); 1 unchanged service is not healthy",
                plan.render().get(0));
        assertTrue(plan.render().contains("= service app_backend  not healthy: 0/1 running; watched like an update"),
                plan::toString);
    }

    /**
     * Swarm keeps a paused update paused until the service is updated again; docker stack deploy updates every
     * service each time and so resumes it. An unchanged service whose update is paused is sent again (and only that
     * one): a rerun after a node came back converges.
     */
    @Test
    void anUnchangedServiceWhoseUpdateSwarmPausedIsSentAgainToResumeIt() {
        DesiredService backend = service("backend", IMAGE, List.of());
        DesiredService worker = service("worker", IMAGE, List.of());
        DesiredStack desired = stack(backend, worker);
        LiveStack.Service running = running(backend, "id1", 10);
        LiveStack.Service paused = new LiveStack.Service(running.id(), running.name(), running.version(), running.spec(),
                running.previousSpec(), "paused");

        Plan plan = planner.plan(desired, live(List.of(paused, running(worker, "id2", 11)), true), asWritten(desired),
                false);

        assertEquals(List.of(Change.Action.UPDATE, Change.Action.UNCHANGED),
                plan.services().stream().map(step -> step.change().action()).toList());
        assertTrue(plan.render().contains("~ service app_backend  Swarm's update of it is paused: sent again with"
                + " ForceUpdate raised (docker service update --force), which restarts the update on every task; its"
                + " rollback target becomes this same spec"), plan::toString);
        assertEquals(3, plan.services().get(0).spec().orElseThrow().at("/TaskTemplate/ForceUpdate").asInt(),
                "one more than the running spec's 2");
        assertTrue(planner.plan(desired, live(List.of(new LiveStack.Service("id1", running.name(), 10, running.spec(),
                Optional.empty(), "rollback_paused"), running(worker, "id2", 11)), true), asWritten(desired), false)
                .services().stream().noneMatch(step -> step.change().isMutation()),
                "a paused rollback is not resumed: the deploy reports it");
    }

    @Test
    void newImageIsAnUpdateThatReadsLikeADiff() {
        DesiredService before = service("backend", IMAGE, List.of());
        DesiredStack desired = stack(service("backend", IMAGE.replace("20240704_63586a62", "20240717_8a4f53ae"), List.of()));

        Plan plan = planner.plan(desired, live(List.of(running(before, "id1", 10)), true), asWritten(desired), false);

        assertTrue(plan.render().contains("~ service app_backend  image: …:20240704_63586a62 → …:20240717_8a4f53ae"),
                plan::toString);
    }

    @Test
    void updateKeepsTheForceUpdateCounter() {
        DesiredService before = service("backend", IMAGE, List.of());
        DesiredStack desired = stack(service("backend", IMAGE + "-2", List.of()));

        Plan plan = planner.plan(desired, live(List.of(running(before, "id1", 10)), true), asWritten(desired), false);

        Plan.ServiceStep step = plan.services().get(0);
        assertEquals(Change.Action.UPDATE, step.change().action());
        assertEquals(2, step.spec().orElseThrow().at("/TaskTemplate/ForceUpdate").asInt());
    }

    @Test
    void serviceNoLongerInTheFilesIsRemovedOnlyWithPrune() {
        DesiredService backend = service("backend", IMAGE, List.of());
        DesiredService old = service("old", IMAGE, List.of());
        DesiredStack desired = stack(backend);
        LiveStack live = live(List.of(running(backend, "id1", 10), running(old, "id2", 11)), true);

        Plan kept = planner.plan(desired, live, asWritten(desired), false);
        Plan pruned = planner.plan(desired, live, asWritten(desired), true);

        assertEquals(Change.Action.KEEP, kept.services().get(1).change().action());
        assertFalse(kept.hasChanges());
        assertTrue(kept.render().contains("! service app_old  no longer in the files; left running (DeployOptions.removeOrphans=true removes it)"),
                kept::toString);
        assertEquals(Change.Action.REMOVE, pruned.services().get(1).change().action());
        assertTrue(pruned.hasChanges());
    }

    @Test
    void pinnedImageDecisionGoesIntoTheSpec() {
        DesiredService backend = service("backend", IMAGE, List.of());
        DesiredStack desired = stack(backend);
        String pinned = IMAGE + "@sha256:" + "a".repeat(64);

        Plan plan = planner.plan(desired, live(List.of(), true),
                Map.of("app_backend", new ImagePinning.Decision(pinned, true, "")), false);

        assertEquals(pinned, plan.services().get(0).spec().orElseThrow().at("/TaskTemplate/ContainerSpec/Image").asText());
        assertEquals(pinned, plan.services().get(0).image());
        assertEquals(IMAGE, plan.services().get(0).spec().orElseThrow().at("/Labels/com.docker.stack.image").asText());
    }

    @Test
    void stackDockerDeployedWithPinnedImageAndPlatformsIsUnchangedWhenThePinIsKept() {
        DesiredService backend = service("backend", IMAGE, List.of());
        DesiredStack desired = stack(backend);
        String pinned = IMAGE + "@sha256:" + "a".repeat(64);
        LiveStack.Service byDocker = running(backend, "id1", 10);
        ObjectNode task = (ObjectNode) byDocker.spec().get("TaskTemplate");
        ((ObjectNode) task.get("ContainerSpec")).put("Image", pinned);
        task.putObject("Placement").putArray("Platforms").addObject().put("Architecture", "amd64").put("OS", "linux");
        List<DistributionLookup.Platform> platforms = List.of(new DistributionLookup.Platform("linux", "amd64"));

        Plan kept = planner.plan(desired, live(List.of(byDocker), true),
                Map.of("app_backend", new ImagePinning.Decision(pinned, false, "", platforms)), false);
        Plan withoutPlatforms = planner.plan(desired, live(List.of(byDocker), true),
                Map.of("app_backend", new ImagePinning.Decision(pinned, false, "")), false);

        assertFalse(kept.hasChanges(), kept::toString);
        assertEquals("amd64", kept.services().get(0).spec().orElseThrow()
                .at("/TaskTemplate/Placement/Platforms/0/Architecture").asText());
        assertEquals(List.of("TaskTemplate.Placement"), withoutPlatforms.services().get(0).change().fields().stream()
                .map(FieldChange::path).toList());
    }
}
