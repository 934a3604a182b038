package io.github.swarmdeploy.core.convert.oracle;

import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The oracle: for each fixture, {@code docker stack deploy} (CLI 28.2) creates the stack under one name, and our
 * loader, converter and production deployer ({@code StackDeployer}, {@code PlanApplier}: what users run, with
 * docker's naming of configs and secrets) create it under another. The services, networks, configs and secrets
 * the engine then reports must be identical field for field (after {@link SwarmSnapshot}'s normalisation: IDs,
 * versions, timestamps, allocated addresses, the stack name), and so must the request bodies both sent over
 * the wire ({@link SentRequests}, recorded by a {@link RecordingProxy} on each side). Our planner, pointed at the stack docker deployed,
 * may only want the configs and secrets that its content-hash naming names differently.
 *
 * <p>The two stacks are created one after the other (each removed before the next), since their ingress
 * ports and explicit names would collide. Everything created is removed, also on failure ({@link OracleSession}).
 */
@ExtendWith(OracleFixtures.NodeLabels.class)
class StackDeployOracleIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> dockerAndOurConverterCreateIdenticalObjects() {
        return OracleFixtures.all().stream()
                .map(fixture -> DynamicTest.dynamicTest(fixture.id(), () -> assertIdentical(fixture)));
    }

    private void assertIdentical(OracleFixture fixture) {
        List<String> planned = new ArrayList<>();
        try (OracleSession session = OracleSession.open(sandbox.connection(), fixture, work, SandboxSwarm.uniqueStack("cvt"))) {
            OracleSession.Comparison comparison = session.compare(dockerStack -> {
                // taking over a stack docker deployed: only content-hash names of configs and secrets differ,
                // whether our deploy pins digests itself or keeps docker's pins
                for (ImagePolicy policy : List.of(ImagePolicy.ALWAYS, ImagePolicy.NEVER)) {
                    OracleSession.unexpectedChanges(session.planOurs(dockerStack, policy, false))
                            .forEach(change -> planned.add("our plan (" + policy + ") of docker's stack: " + change));
                }
            }, refused -> fail(fixture.id() + ": docker stack deploy failed:\n" + refused.result().output()));
            comparison.write(Path.of("target", "oracle"), fixture.id());
            assertEquals(comparison.desiredServices(), comparison.docker().path("services").size(), fixture.id()
                    + ": docker did not create every service:\n" + comparison.deployed().result().output());
            List<String> differences = new ArrayList<>(comparison.differences());
            differences.addAll(planned);
            assertTrue(differences.isEmpty(), JsonDiff.report(fixture.id() + " (docker vs ours)", differences)
                    + "\n(both snapshots: target/oracle/" + fixture.id() + ".*.json)");
        }
    }
}
