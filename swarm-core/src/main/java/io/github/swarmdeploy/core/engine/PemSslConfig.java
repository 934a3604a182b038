package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.Option;

import com.github.dockerjava.core.util.CertificateUtils;
import com.github.dockerjava.transport.SSLConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;

/**
 * TLS from three PEM files, as the docker CLI's {@code --tlscacert}, {@code --tlscert}, {@code --tlskey}: the
 * engine must present a certificate signed by the CA; we present the client certificate. Unlike docker-java's
 * directory-based config it never falls back to plain HTTP when a file is missing: it says which one.
 */
final class PemSslConfig implements SSLConfig {

    /** The password docker-java's CertificateUtils protects the key entry with. */
    private static final char[] KEY_STORE_PASSWORD = "docker".toCharArray();

    private final SSLContext context;

    private PemSslConfig(SSLContext context) {
        this.context = context;
    }

    /** Reads and checks the files named by the settings; every problem names the file and the setting. */
    static PemSslConfig load(TlsSettings tls) {
        Path ca = require(tls.caCertFile().orElse(null), "CA certificate", Option.TLS_CA_CERT);
        Path cert = require(tls.certFile().orElse(null), "client certificate", Option.TLS_CERT);
        Path key = require(tls.keyFile().orElse(null), "client key", Option.TLS_KEY);
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider()); // docker-java's PEM parsing asks for "BC"
        }
        try {
            KeyStore trust = CertificateUtils.createTrustStore(read(ca));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyStore identity = CertificateUtils.createKeyStore(read(key), read(cert));
            if (identity.size() == 0) {
                throw new EngineConfigurationException("TLS: no client key in " + key + " (or no certificate in "
                        + cert + ")");
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, KEY_STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return new PemSslConfig(context);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof EngineConfigurationException configuration) {
                throw configuration;
            }
            throw new EngineConfigurationException("TLS: cannot use the certificates " + ca + ", " + cert + ", " + key
                    + ": " + e.getMessage());
        }
    }

    @Override
    public SSLContext getSSLContext() {
        return context;
    }

    private static Path require(Path file, String what, Option option) {
        if (file == null) {
            throw new EngineConfigurationException("TLS is on but no " + what + " is configured: set " + option
                    + " or " + Option.TLS_CERT_PATH + " (DOCKER_CERT_PATH)");
        }
        if (!Files.isRegularFile(file)) {
            throw new EngineConfigurationException("TLS is on but the " + what + " " + file + " does not exist: set "
                    + option + " or " + Option.TLS_CERT_PATH + " (DOCKER_CERT_PATH), or switch TLS off with "
                    + Option.TLS_VERIFY.is(false));
        }
        return file;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
