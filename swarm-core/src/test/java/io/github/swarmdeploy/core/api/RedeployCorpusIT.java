package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.HttpMethod;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.convert.oracle.OracleFixture;
import io.github.swarmdeploy.core.convert.oracle.OracleFixtures;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real-world stack files of convert's oracle (corpus-dev and convert's own fixtures, which between them
 * use nearly every field a service spec has): deployed once, then deployed again from the same files, the
 * second deploy must find nothing to change and leave every object at its version. This is what proves the
 * plan's normalisation against what the engine really reports.
 */
@ExtendWith(OracleFixtures.NodeLabels.class)
class RedeployCorpusIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    static List<OracleFixture> fixtures() {
        return OracleFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void secondDeployOfTheSameFileChangesNothing(OracleFixture fixture, @TempDir Path dir) {
        String stack = SandboxSwarm.uniqueStack("redeploy");
        OracleFixture.Prepared prepared = fixture.prepare(dir, stack, SandboxSwarm.baseImage())
                .withVariable(OracleFixture.REGISTRY_VARIABLE, SandboxSwarm.registry());
        try {
            prepared.externals().forEach(external -> createExternal(stack, external));
            // the images of these files are stand-ins: their tasks need not run, so the rollout is not watched
            DeployOptions options = DeployOptions.defaults().withWait(false, Duration.ofMinutes(2))
                    .withLock(Duration.ofMinutes(2), Duration.ofMinutes(30), "redeploy-it");
            StackDeployment deployment = StackDeployment.builder(stack)
                    .source(() -> StackLoader.forFiles(List.of(prepared.composeFile())).environment(prepared.environment())
                            .stackName(stack).load().definition())
                    .engine(sandbox.connection()).options(options).listener(EventListener.IGNORE).build();

            DeployResult first = deployment.deploy();
            assertTrue(first.plan().hasChanges(), first.plan()::toString);
            Map<String, JsonNode> specs = serviceSpecs(stack);

            DeployResult second = deployment.deploy();

            assertFalse(second.plan().hasChanges(), () -> fixture.id() + ":\n" + second.plan());
            // Swarm itself bumps a new service's version (endpoint allocation), so versions are no evidence
            // here; an update would have changed the spec or left a PreviousSpec
            assertEquals(specs, serviceSpecs(stack), "specs, and no PreviousSpec");
        } finally {
            SandboxSwarm.removeStack(sandbox.connection(), stack);
            prepared.externals().stream().filter(external -> external.kind().equals("volumes"))
                    .forEach(volume -> sandbox.connection().sendJson(HttpMethod.DELETE, "/volumes/" + volume.name() + "?force=true", null));
        }
    }

    /** Each service's Spec and PreviousSpec (missing until the service is updated), by name. */
    private static Map<String, JsonNode> serviceSpecs(String stack) {
        Map<String, JsonNode> specs = new TreeMap<>();
        for (JsonNode service : sandbox.connection().fetchJson("/services?filters=" + SandboxSwarm.labelFilter(stack))) {
            ObjectNode entry = JsonNodeFactory.instance.objectNode();
            entry.set("Spec", service.get("Spec"));
            entry.set("PreviousSpec", service.path("PreviousSpec"));
            specs.put(service.at("/Spec/Name").asText(), entry);
        }
        return specs;
    }

    /** An external object of the fixture, labelled with the stack so that removing the stack removes it. */
    private static void createExternal(String stack, OracleFixture.External external) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("Name", external.name());
        body.putObject("Labels").put(StackLabels.NAMESPACE, stack);
        switch (external.kind()) {
            case "networks" -> sandbox.connection().sendJson(HttpMethod.POST, "/networks/create",
                    body.put("Driver", "overlay").put("Attachable", true));
            case "secrets", "configs" -> sandbox.connection().sendJson(HttpMethod.POST, "/" + external.kind() + "/create",
                    body.put("Data", Base64.getEncoder().encodeToString("external\n".getBytes(StandardCharsets.UTF_8))));
            case "volumes" -> sandbox.connection().sendJson(HttpMethod.POST, "/volumes/create", body);
            default -> throw new IllegalArgumentException("unknown external kind " + external.kind());
        }
    }
}
