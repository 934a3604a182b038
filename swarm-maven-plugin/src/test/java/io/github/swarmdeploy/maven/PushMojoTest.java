package io.github.swarmdeploy.maven;

import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What swarm:push refuses before it reaches an engine. */
class PushMojoTest {

    @TempDir
    Path dir;

    @SuppressWarnings("deprecation")
    private PushMojo push(boolean offline) {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setOffline(offline);
        PushMojo push = new PushMojo();
        push.session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        push.dir = dir.toFile();
        push.services = List.of("backend");
        push.imagePrefix = "registry.example.com/group";
        push.progress = "plain";
        push.host = "tcp://127.0.0.1:9";
        return push;
    }

    @Test
    void offlineItFailsBeforeBuildingSayingWhatItWouldHavePushed() {
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> push(true).execute());

        assertEquals("swarm:push cannot work offline (-o): it pushes backend to the registry of registry.example.com/group. "
                + "Run it without -o, or skip it with -Dswarm.push.skip=true", e.getMessage());
    }

    @Test
    void aProgressStyleItDoesNotKnowIsRefusedNamingTheOnesItDoes() {
        PushMojo push = push(false);
        push.progress = "fancy";

        MojoFailureException e = assertThrows(MojoFailureException.class, push::execute);

        assertEquals("swarm.progress: 'fancy' is neither plain nor none", e.getMessage());
    }
}
