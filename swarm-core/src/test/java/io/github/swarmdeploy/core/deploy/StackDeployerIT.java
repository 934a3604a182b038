package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.compose.model.DeployConfig;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.FileReference;
import io.github.swarmdeploy.core.compose.model.HealthCheckConfig;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import io.github.swarmdeploy.core.compose.model.Placement;
import io.github.swarmdeploy.core.compose.model.Resources;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.compose.model.UpdateConfig;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy engine on the sandbox swarm with stacks built in code (no YAML): what a first deploy creates,
 * and that deploying the same stack again changes nothing, field by field as the engine reports it.
 */
class StackDeployerIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    private EngineConnection engine;
    private String stack;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void newStack() {
        engine = sandbox.connection();
        stack = sandbox.newStack("deployer");
    }

    private static ServiceConfig web(String page) {
        return ServiceConfig.builder("web")
                .image(SandboxSwarm.baseImage())
                .command(List.of("httpd", "-f", "-p", "8080", "-h", "/www"))
                .environment(new LinkedHashMap<>(Map.of("B", Optional.of("2"), "A", Optional.of("1"))))
                .configs(List.of(new FileReference("page", "/www/index.html", "", "", Optional.empty())))
                .secrets(List.of(new FileReference("token", "", "", "", Optional.empty())))
                .healthcheck(Optional.of(new HealthCheckConfig(List.of("CMD", "wget", "-q", "-O", "/dev/null",
                        "http://127.0.0.1:8080/"), Optional.of(Duration.ofSeconds(2)), Optional.of(Duration.ofSeconds(1)),
                        Optional.of(3), Optional.of(Duration.ofSeconds(1)), Optional.empty(), false)))
                .deploy(new DeployConfig("replicated", Optional.of(1L), Map.of("team", "web"),
                        Optional.of(new UpdateConfig(Optional.of(1L), Duration.ZERO, "rollback", Duration.ofSeconds(2), 0f,
                                "stop-first")),
                        Optional.empty(), new Resources(Optional.empty(), Optional.empty()), Optional.empty(),
                        new Placement(List.of("node.role==manager"), List.of(), 0), "dnsrr"))
                .build();
    }

    private StackDefinition definition(String page) {
        FileObjectConfig config = new FileObjectConfig("page", "", "", ObjectContent.ofText(page), "", null,
                Map.of(), "", Map.of(), "", FileObjectConfig.Source.CONTENT, Optional.empty());
        FileObjectConfig secret = new FileObjectConfig("token", "", "", ObjectContent.ofText("s3cr3t-value"), "TOKEN", null,
                Map.of(), "", Map.of(), "", FileObjectConfig.Source.ENVIRONMENT, Optional.empty());
        return new StackDefinition("3.8", List.of(Path.of("stack.yml")), Path.of("."), Map.of("web", web(page)),
                Map.of(), Map.of(), Map.of("token", secret), Map.of("page", config), Map.of());
    }

    private DeployResult deploy(StackDefinition definition, DeployOptions options) {
        return new StackDeployer(engine.swarm(), options, events::add, Clock.systemUTC()).deploy(stack,
                key -> new StackConverter(new ContentVersionNamer(definition, events::add, key)).convert(stack, definition),
                path -> Optional.empty());
    }

    private static DeployOptions options() {
        return DeployOptions.defaults().withImages(ImagePolicy.ALWAYS, false).withWait(true, Duration.ofMinutes(2));
    }

    @Test
    void secondDeployOfTheSameStackMakesNoCallAndKeepsVersions() {
        DeployResult first = deploy(definition("<h1>one</h1>"), options());
        assertTrue(first.isSuccess(), () -> String.valueOf(first.failure()));
        assertEquals(List.of(Change.Action.CREATE, Change.Action.CREATE, Change.Action.CREATE, Change.Action.CREATE),
                first.plan().changes().stream().map(Change::action).toList(), first.plan()::toString);
        JsonNode before = service("web");

        DeployResult second = deploy(definition("<h1>one</h1>"), options());

        assertTrue(second.isSuccess(), () -> String.valueOf(second.failure()));
        assertTrue(!second.plan().hasChanges(), second.plan()::toString);
        JsonNode after = service("web");
        assertEquals(before.path("Version").path("Index"), after.path("Version").path("Index"));
        assertEquals(before.path("PreviousSpec"), after.path("PreviousSpec"));
        assertTrue(events.stream().noneMatch(event -> event.message().contains("s3cr3t-value")));
    }

    @Test
    void changedConfigContentGetsANewNameAndRollsTheService() {
        deploy(definition("<h1>one</h1>"), options()).throwIfFailed();
        String firstConfig = service("web").at("/Spec/TaskTemplate/ContainerSpec/Configs/0/ConfigName").asText();

        DeployResult second = deploy(definition("<h1>two</h1>"), options());

        second.throwIfFailed();
        String secondConfig = service("web").at("/Spec/TaskTemplate/ContainerSpec/Configs/0/ConfigName").asText();
        assertTrue(!firstConfig.equals(secondConfig), firstConfig);
        assertTrue(secondConfig.startsWith(stack + "_page_"), secondConfig);
        List<String> lines = new ArrayList<>(second.plan().render());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("~ service " + stack + "_web  configs: -" + firstConfig
                + " +" + secondConfig)), () -> String.join("\n", lines));
    }

    private JsonNode service(String key) {
        return engine.fetchJson("/services/" + stack + "_" + key);
    }
}
