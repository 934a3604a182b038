package io.github.swarmdeploy.core.engine;

import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.util.Optional;

/**
 * docker-java's transport, with failures to reach the engine turned into {@link EngineException}s (so
 * infrastructure failures) that name the engine and, when the transport knows it, why: typed docker-java calls
 * otherwise surface a bare {@code RuntimeException} around an {@code IOException}.
 */
final class ExplainingHttpClient implements DockerHttpClient {

    /** What a transport can tell about its own failures. */
    interface Diagnosis {

        Diagnosis NONE = new Diagnosis() {
            @Override
            public long mark() {
                return 0;
            }

            @Override
            public Optional<? extends EngineException> since(long mark) {
                return Optional.empty();
            }
        };

        /** Taken before a request. */
        long mark();

        /** The transport's own account of a failure after {@code mark}, if it has one. */
        Optional<? extends EngineException> since(long mark);
    }

    private final DockerHttpClient delegate;
    private final String description;
    private final Diagnosis diagnosis;

    ExplainingHttpClient(DockerHttpClient delegate, String description, Diagnosis diagnosis) {
        this.delegate = delegate;
        this.description = description;
        this.diagnosis = diagnosis;
    }

    @Override
    public Response execute(Request request) {
        long mark = diagnosis.mark();
        try {
            return delegate.execute(request);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            Optional<? extends EngineException> known = diagnosis.since(mark);
            if (known.isPresent()) {
                EngineException explained = known.get();
                EngineException fresh = explained instanceof SshConnectionException ssh
                        ? new SshConnectionException(ssh.reason(), ssh.getMessage(), e)
                        : new EngineException(explained.getMessage(), e);
                throw fresh;
            }
            throw EngineException.unreachable(description, e);
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
