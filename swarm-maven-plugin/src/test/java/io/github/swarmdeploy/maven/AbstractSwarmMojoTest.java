package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.compose.InvalidStackException;
import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.engine.EngineException;
import org.apache.maven.exception.DefaultExceptionHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbstractSwarmMojoTest {

    /** A goal whose work fails with the given core exception. */
    private static final class FailingMojo extends AbstractSwarmMojo {
        private final RuntimeException failure;

        FailingMojo(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        protected void run() {
            throw failure;
        }
    }

    @Test
    void anInfrastructureFailureIsAnExecutionErrorThatMavenPrintsAsTheCoresSentenceAlone() {
        EngineException core = new EngineException("user nodocker on 127.0.0.1:2222 may not use Docker: add the user to"
                + " the docker group", new RuntimeException(new IOException("localhost:2375 failed to respond")));

        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> new FailingMojo(core).execute());

        // what Maven prints after "Failed to execute goal …:" is built from the exception and its causes
        String printed = new DefaultExceptionHandler().handleException(e).getMessage();
        assertEquals(core.getMessage(), printed);
        assertTrue(List.of(e.getSuppressed()).contains(core), "the core exception stays for -e");
    }

    @Test
    void anInvalidStackIsABuildFailure() {
        InvalidStackException core = new InvalidStackException(List.of(
                new Problem(new Position("compose.yaml", 3, 5), "services.web.imag", "unknown key")));

        MojoFailureException e = assertThrows(MojoFailureException.class, () -> new FailingMojo(core).execute());

        assertEquals(core.getMessage(), new DefaultExceptionHandler().handleException(e).getMessage());
    }
}
