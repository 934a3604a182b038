package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.Option;
import com.github.dockerjava.transport.SSLConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.SecureRandom;

/**
 * The TLS context of a connection over a socket file (a unix socket: the local engine, or the local end of an SSH
 * tunnel). docker-java's HTTP client registers an {@code https} scheme whatever the connection, and without a
 * context of ours it builds the JDK's default one, which loads and parses every CA certificate the JDK trusts: a
 * good part of a second at start-up, for a protocol such a connection never uses. This context loads nothing, and
 * any use of it fails rather than trusting anyone. Not for a {@code tcp://} host without TLS: given any context,
 * docker-java speaks https to it.
 */
final class NoTls extends SSLContext {

    /** docker-java's hook: the client gets this context for its {@code https} scheme. */
    static final SSLConfig CONFIG = () -> new NoTls();

    private NoTls() {
        super(new Refusing(), null, "none");
    }

    /** Refuses every use. */
    private static final class Refusing extends SSLContextSpi {

        private static IllegalStateException refused() {
            return new IllegalStateException("this engine connection does not use TLS (" + Option.TLS_VERIFY + " is off)");
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
