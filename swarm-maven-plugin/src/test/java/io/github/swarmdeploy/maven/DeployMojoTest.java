package io.github.swarmdeploy.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * swarm.removeOrphans, and its old name swarm.prune, which read like swarm.deploy.prune; what swarm:deploy checks in
 * its own parameters before it reads the files or touches an engine.
 */
class DeployMojoTest {

    private final List<String> warnings = new ArrayList<>();

    private DeployMojo deploy() {
        DeployMojo deploy = new DeployMojo();
        deploy.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        return deploy;
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOldNameStillRemovesOrphansWithAWarningNamingTheNewOne() {
        DeployMojo deploy = deploy();
        deploy.prune = true;

        assertTrue(deploy.removeOrphans());
        assertEquals(List.of("swarm.prune (<prune>) is deprecated: it is now swarm.removeOrphans (<removeOrphans>), "
                + "which says what it removes, the services no longer in the files; swarm.deploy.prune removes old config "
                + "and secret versions"), warnings);
    }

    @Test
    void theNewNameAloneIsNotWarnedAbout() {
        DeployMojo deploy = deploy();
        deploy.removeOrphans = true;

        assertTrue(deploy.removeOrphans());
        assertFalse(deploy().removeOrphans(), "off unless asked for");
        assertEquals(List.of(), warnings);
    }

    @Test
    void anUnknownDependsOnModeNamesTheParameterAndTheChoicesAndStartsNothing() {
        List<String> lines = new ArrayList<>();
        DeployMojo mojo = new DeployMojo();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                lines.add(content.toString());
            }
        });
        mojo.stack = "shop";
        mojo.host = "tcp://127.0.0.1:1";
        mojo.parallelism = 4;
        mojo.resolveImage = "always";
        mojo.timeout = "10m";
        mojo.dependsOn = "when-ready";

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("swarm.dependsOn: 'when-ready' is not a depends_on mode; give started, healthy or ignore",
                e.getMessage());
        assertEquals(List.of(), lines, "nothing was planned or deployed");
    }
}
