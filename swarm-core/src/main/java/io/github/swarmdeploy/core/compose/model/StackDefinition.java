package io.github.swarmdeploy.core.compose.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the compose files of a stack mean, after loading, interpolation, merging and validation.
 *
 * @param version    the first file's {@code version:} as docker reads it ("3.13" when absent or just "3")
 * @param files      the compose files, in merge order
 * @param workingDir the directory relative paths were resolved from (the first file's)
 * @param services   by key, sorted by name as docker sorts them
 * @param positions  where each value came from, by key path ({@code services.web.image},
 *                   {@code services.web.ports.0}, {@code secrets.db_password.file}); the last file that
 *                   set a value wins
 */
@ComposeStruct(extensions = true)
public record StackDefinition(
        String version,
        @ComposeKey(derived = true) List<Path> files,
        @ComposeKey(derived = true) Path workingDir,
        Map<String, ServiceConfig> services,
        Map<String, NetworkConfig> networks,
        Map<String, VolumeConfig> volumes,
        Map<String, FileObjectConfig> secrets,
        Map<String, FileObjectConfig> configs,
        @ComposeKey(derived = true) Map<String, Position> positions) {

    public StackDefinition {
        version = Defaults.orEmpty(version);
        files = Defaults.list(files);
        services = Defaults.map(services);
        networks = Defaults.map(networks);
        volumes = Defaults.map(volumes);
        secrets = Defaults.map(secrets);
        configs = Defaults.map(configs);
        positions = Defaults.map(positions);
    }

    /** Where the value at {@code keyPath} (dot-separated, list indexes as numbers) was written. */
    public Optional<Position> positionOf(String keyPath) {
        return Optional.ofNullable(positions.get(keyPath));
    }

    /**
     * {@code file:line:column keyPath} when the position is known, else just the key path: the prefix
     * of every message about a value.
     */
    public String locate(String keyPath) {
        return positionOf(keyPath).map(position -> position + " " + keyPath).orElse(keyPath);
    }
}
