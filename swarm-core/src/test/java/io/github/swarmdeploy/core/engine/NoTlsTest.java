package io.github.swarmdeploy.core.engine;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The TLS context of a connection without TLS: it spares the start-up the JDK's CA certificates, and should https
 * ever be spoken on such a connection, it fails instead of trusting anyone.
 */
class NoTlsTest {

    @Test
    void everyUseFailsSayingTheConnectionHasNoTls() throws Exception {
        SSLContext context = NoTls.CONFIG.getSSLContext();

        IllegalStateException socket = assertThrows(IllegalStateException.class, context::getSocketFactory);
        assertThrows(IllegalStateException.class, context::createSSLEngine);
        assertThrows(IllegalStateException.class, () -> context.init(null, null, null));
        assertEquals("this engine connection does not use TLS (TlsSettings.verify is off)", socket.getMessage());
    }
}
