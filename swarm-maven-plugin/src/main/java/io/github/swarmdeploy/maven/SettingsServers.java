package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.image.RegistryCredentials;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.util.Optional;

/** Registry credentials from settings.xml: the {@code <server>} whose id is the registry host, decrypted. */
final class SettingsServers {

    private final Settings settings;
    private final SettingsDecrypter decrypter;
    private final Log log;

    SettingsServers(Settings settings, SettingsDecrypter decrypter, Log log) {
        this.settings = settings;
        this.decrypter = decrypter;
        this.log = log;
    }

    /** The credentials of the server with id {@code registryHost}, if settings.xml has a usable one. */
    Optional<RegistryCredentials> find(String registryHost) {
        Server server = settings == null ? null : settings.getServer(registryHost);
        if (server == null) {
            return Optional.empty();
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            log.warn("settings.xml server '" + registryHost + "': " + problem.getMessage());
        }
        Server decrypted = result.getServer() != null ? result.getServer() : server;
        if (decrypted.getUsername() == null || decrypted.getPassword() == null) {
            log.warn("settings.xml server '" + registryHost + "' has no username/password; looking further");
            return Optional.empty();
        }
        return Optional.of(new RegistryCredentials(decrypted.getUsername(), decrypted.getPassword(),
                "settings.xml server '" + registryHost + "'"));
    }
}
