package io.github.swarmdeploy.core.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExplainingHttpClientTest {

    private static final DockerHttpClient.Request PING = DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET).path("/_ping").build();

    @Test
    void transportFailureBecomesAnEngineExceptionNamingTheHost() {
        ExplainingHttpClient client = new ExplainingHttpClient(failing(new RuntimeException(
                new ConnectException("Connection refused"))), "tcp://10.0.0.1:2376", ExplainingHttpClient.Diagnosis.NONE);
        EngineException e = assertThrows(EngineException.class, () -> client.execute(PING));
        assertEquals("cannot reach the Docker engine at tcp://10.0.0.1:2376: Connection refused", e.getMessage());
        assertEquals(0, e.status());
    }

    @Test
    void theTransportsOwnAccountWinsWhenItFailedDuringTheRequest() {
        AtomicLong failures = new AtomicLong();
        SshConnectionException lost = new SshConnectionException(Reason.CONNECTION_LOST, "lost the SSH connection to d@m:22 (EOF)");
        ExplainingHttpClient.Diagnosis diagnosis = new ExplainingHttpClient.Diagnosis() {
            @Override
            public long mark() {
                return failures.get();
            }

            @Override
            public Optional<SshConnectionException> since(long mark) {
                return failures.get() > mark ? Optional.of(lost) : Optional.empty();
            }
        };
        DockerHttpClient breaking = new DockerHttpClient() {
            @Override
            public Response execute(Request request) {
                failures.incrementAndGet();
                throw new RuntimeException(new IOException("Broken pipe"));
            }

            @Override
            public void close() {
            }
        };
        SshConnectionException e = assertThrows(SshConnectionException.class,
                () -> new ExplainingHttpClient(breaking, "ssh://d@m:22", diagnosis).execute(PING));
        assertEquals(Reason.CONNECTION_LOST, e.reason());
        assertEquals("lost the SSH connection to d@m:22 (EOF)", e.getMessage());
        assertEquals("Broken pipe", e.getCause().getCause().getMessage());

        // an older failure of the transport does not explain a later, unrelated one
        EngineException later = assertThrows(EngineException.class, () -> new ExplainingHttpClient(
                failing(new RuntimeException("response timeout")), "ssh://d@m:22", diagnosis).execute(PING));
        assertEquals("cannot reach the Docker engine at ssh://d@m:22: response timeout", later.getMessage());
    }

    @Test
    void engineExceptionsPassUnchanged() {
        EngineException original = new EngineException(404, "gone");
        EngineException e = assertThrows(EngineException.class, () -> new ExplainingHttpClient(failing(original),
                "unix:///var/run/docker.sock", ExplainingHttpClient.Diagnosis.NONE).execute(PING));
        assertSame(original, e);
    }

    private static DockerHttpClient failing(RuntimeException failure) {
        return new DockerHttpClient() {
            @Override
            public Response execute(Request request) {
                throw failure;
            }

            @Override
            public void close() {
            }
        };
    }
}
