package io.github.swarmdeploy.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stack goals' own parameters, refused before anything is read, with what to give instead. */
class StackGoalParametersTest {

    @Test
    void swarmRollbackToIsARecordNumber() throws MojoFailureException {
        RollbackMojo rollback = new RollbackMojo();
        assertEquals(OptionalLong.empty(), rollback.target());
        rollback.to = "#12";
        assertEquals(OptionalLong.of(12), rollback.target());
        rollback.to = "latest";
        assertEquals("swarm.rollback.to: 'latest' is not a record number; swarm:history lists them (#12:"
                + " -Dswarm.rollback.to=12)", assertThrows(MojoFailureException.class, rollback::target).getMessage());
        rollback.to = "0";
        assertThrows(MojoFailureException.class, rollback::target);
    }

    @Test
    void oneSourceOfPromotion() {
        DeployMojo deploy = new DeployMojo();
        deploy.promoteFrom = "shop_dev";
        deploy.promoteImages = new File("/tmp/images.json");

        assertEquals("swarm.promote.from and swarm.promote.images both given: promote from one source, the stack"
                + " (shop_dev) or the images file (/tmp/images.json)",
                assertThrows(MojoFailureException.class, deploy::promotion).getMessage());
    }

    @Test
    void formatsAreTextOrJson() throws MojoFailureException {
        assertEquals(StackFormat.JSON, StackFormat.parse("swarm.status.format", " JSON "));
        assertEquals(StackFormat.TEXT, StackFormat.parse("swarm.history.format", null));
        assertEquals("swarm.history.format: 'yaml' is not a format; give text or json",
                assertThrows(MojoFailureException.class, () -> StackFormat.parse("swarm.history.format", "yaml"))
                        .getMessage());
    }
}
