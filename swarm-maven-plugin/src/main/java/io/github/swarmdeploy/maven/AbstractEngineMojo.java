package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.engine.EngineConfigurationException;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.SshSettings;
import io.github.swarmdeploy.core.image.RegistryAuthLookup;
import io.github.swarmdeploy.core.image.RegistryCredentials;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the goals that talk to an engine share (push, deploy, prune): which engine, TLS towards a {@code tcp://} one,
 * key and host keys for an {@code ssh://} one, and registry credentials.
 */
public abstract class AbstractEngineMojo extends AbstractSwarmMojo {

    /**
     * The engine: {@code unix:///var/run/docker.sock}, {@code tcp://host:2376} or
     * {@code ssh://user@host[:port]}; default {@code DOCKER_HOST}, else the local socket.
     */
    @Parameter(property = "swarm.host")
    protected String host;

    /** TLS towards a tcp:// engine; default {@code DOCKER_TLS_VERIFY}, or true when a certificate parameter is set. */
    @Parameter(property = "swarm.tls.verify")
    protected Boolean tlsVerify;

    /** Directory with ca.pem, cert.pem, key.pem; default {@code DOCKER_CERT_PATH}, else ~/.docker. */
    @Parameter(property = "swarm.tls.certPath")
    protected File tlsCertPath;

    /** CA certificate the engine's certificate must be signed by; default {@code <certPath>/ca.pem}. */
    @Parameter(property = "swarm.tls.caCert")
    protected File tlsCaCert;

    /** Client certificate; default {@code <certPath>/cert.pem}. */
    @Parameter(property = "swarm.tls.cert")
    protected File tlsCert;

    /** Client key; default {@code <certPath>/key.pem}. */
    @Parameter(property = "swarm.tls.key")
    protected File tlsKey;

    /** Private key file for an ssh:// host (OpenSSH or PEM; ed25519, ecdsa, rsa); wins over {@link #sshKeyEnv}. */
    @Parameter(property = "swarm.ssh.keyFile")
    protected File sshKeyFile;

    /** Environment variable holding the private key's content (CRs stripped); else ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
    @Parameter(property = "swarm.ssh.keyEnv", defaultValue = SshSettings.DEFAULT_KEY_ENV)
    protected String sshKeyEnv;

    /**
     * File holding the passphrase of an encrypted private key. The passphrase is never a parameter (Maven prints those
     * at -X): {@code -Dswarm.ssh.passphrase=…} is read when the goal runs and wins; else this file, else the variable
     * {@code swarm.ssh.passphraseEnv} names, else the {@code <passphrase>} of {@code swarm.ssh.serverId}.
     */
    @Parameter(property = "swarm.ssh.passphraseFile")
    protected File sshPassphraseFile;

    /** Environment variable holding the passphrase of an encrypted private key (see {@code swarm.ssh.passphraseFile}). */
    @Parameter(property = "swarm.ssh.passphraseEnv", defaultValue = "SSH_PASSPHRASE")
    protected String sshPassphraseEnv;

    /**
     * Id of a settings.xml {@code <server>} whose {@code <passphrase>} (decrypted; settings.xml can encrypt it) unlocks
     * the key when no other passphrase is given, and whose {@code <privateKey>} is the key file when
     * {@link #sshKeyFile} is not set.
     */
    @Parameter(property = "swarm.ssh.serverId")
    protected String sshServerId;

    /** known_hosts file the host key must be listed in (hashed and [host]:port entries work); default ~/.ssh/known_hosts. Lines in the environment variable SSH_KNOWN_HOSTS count too. */
    @Parameter(property = "swarm.ssh.knownHosts")
    protected File sshKnownHosts;

    /** Pinned host key fingerprint(s), {@code SHA256:...} as ssh-keygen -lf prints them; when set, known_hosts is not consulted. */
    @Parameter(property = "swarm.ssh.hostKeyFingerprint")
    protected String sshHostKeyFingerprint;

    /** Only {@code false} switches host key verification off (with a warning). Default true. */
    @Parameter(property = "swarm.ssh.strictHostKeyChecking")
    protected Boolean sshStrictHostKeyChecking;

    /**
     * The engine named by {@code swarm.host}, else by the environment, with the {@code swarm.tls.*} and
     * {@code swarm.ssh.*} parameters.
     */
    protected EngineSettings engineSettings() {
        Map<String, String> environment = environment();
        Optional<Secret> passphrase = Secret.find(this, "swarm.ssh.passphrase", sshPassphraseFile, sshPassphraseEnv);
        SshSettings.Builder ssh = SshSettings.builder(environment)
                .keyFile(sshKeyFile == null ? null : sshKeyFile.toPath())
                .keyEnv(sshKeyEnv)
                .passphrase(passphrase.map(Secret::value).orElse(null))
                .knownHosts(sshKnownHosts == null ? null : sshKnownHosts.toPath())
                .hostKeyFingerprint(sshHostKeyFingerprint)
                .strictHostKeyChecking(sshStrictHostKeyChecking);
        if (sshServerId != null && !sshServerId.isBlank()) {
            Server server = decryptedServer(sshServerId.strip(), "swarm.ssh.serverId");
            if (passphrase.isEmpty()) {
                ssh.passphrase(server.getPassphrase());
            }
            if (sshKeyFile == null && server.getPrivateKey() != null && !server.getPrivateKey().isBlank()) {
                ssh.keyFile(server.getPrivateKey());
            }
        }
        EngineSettings settings = EngineSettings.forHost(host, environment).withSsh(ssh.build());
        return settings.withTls(settings.tls().with(tlsVerify, path(tlsCertPath), path(tlsCaCert), path(tlsCert),
                path(tlsKey)));
    }

    /**
     * THE way a goal opens its engine (unix, tcp with TLS, ssh): one connection for the goal, closed by the
     * caller; SSH warnings go to the build log.
     */
    protected EngineConnection openEngine() {
        return EngineConnection.open(engineSettings(), events());
    }

    /**
     * Registry credentials: {@code swarm.registry.username} with the password {@code -Dswarm.registry.password},
     * {@code swarm.registry.passwordFile} or {@code swarm.registry.passwordEnv} gives, else the settings.xml
     * {@code <server>} named by the registry host, else CI variables, else the docker CLI's config.
     *
     * @param storedInSwarm the swarm keeps them for tasks started later: GitLab's deploy token
     *                      ({@code CI_DEPLOY_USER}) is preferred to the job token, which draws a warning
     */
    protected RegistryAuthLookup registryAuth(RegistryParameters registry, Map<String, String> environment,
                                              boolean storedInSwarm) {
        Optional<Secret> password = Secret.find(this, "swarm.registry.password", registry.passwordFile(),
                registry.passwordEnv());
        RegistryAuthLookup.Builder lookup = RegistryAuthLookup.builder()
                .given(registry.username(), password.map(Secret::value).orElse(null))
                .store(this::registryCredentialsFromSettings)
                .environment(environment)
                .events(events());
        return (storedInSwarm ? lookup.storedInSwarm() : lookup).build();
    }

    /** The settings.xml {@code <server>} whose id is the registry host, decrypted. */
    protected Optional<RegistryCredentials> registryCredentialsFromSettings(String registryHost) {
        if (session == null || session.getSettings().getServer(registryHost) == null) {
            return Optional.empty();
        }
        Server server = decryptedServer(registryHost, "registry credentials for " + registryHost);
        if (server.getUsername() == null || server.getPassword() == null) {
            getLog().warn("settings.xml server '" + registryHost + "' has no username/password; looking further");
            return Optional.empty();
        }
        return Optional.of(new RegistryCredentials(server.getUsername(), server.getPassword(),
                "settings.xml server '" + registryHost + "'"));
    }

    /** What push and deploy each declare about registry credentials: the user, and where its password is. */
    protected record RegistryParameters(String username, File passwordFile, String passwordEnv) {
    }

    /**
     * The GitLab token for merge-request notes: {@code -Dswarm.gitlab.token}, {@code swarm.gitlab.tokenFile}, the
     * variable {@code swarm.gitlab.tokenEnv} names, the {@code <password>} of the settings.xml server
     * {@code swarm.gitlab.serverId}; null when none is given (the core then reads {@code GITLAB_TOKEN},
     * {@code MY_GITLAB_TOKEN}).
     */
    protected String gitlabToken(File tokenFile, String tokenEnv, String serverId) {
        Optional<Secret> token = Secret.find(this, "swarm.gitlab.token", tokenFile, tokenEnv);
        if (token.isPresent()) {
            return token.get().value();
        }
        if (serverId != null && !serverId.isBlank()) {
            Server server = decryptedServer(serverId.strip(), "swarm.gitlab.serverId");
            if (server.getPassword() == null || server.getPassword().isEmpty()) {
                throw new EngineConfigurationException("swarm.gitlab.serverId: the "
                        + "<server> '" + serverId.strip() + "' of settings.xml has no <password> (the token)");
            }
            return server.getPassword();
        }
        return null;
    }

    private static Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
