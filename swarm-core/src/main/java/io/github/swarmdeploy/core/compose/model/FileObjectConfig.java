package io.github.swarmdeploy.core.compose.model;

import java.util.Map;
import java.util.Optional;

/**
 * A top-level config or secret.
 *
 * @param key            its name in the file (the key under {@code configs:}/{@code secrets:})
 * @param name           the explicit {@code name:} after interpolation, "" when not given
 * @param file           for {@link Source#FILE}: the absolute path it was read from, else ""
 * @param content        the content, read at load time from the file, {@code content:} or the variable
 *                       ({@link ObjectContent#NONE} when external)
 * @param environment    for {@link Source#ENVIRONMENT}: the variable name, else ""
 * @param source         where the content comes from
 * @param nameVariable   present when {@code name:} was exactly {@code ${VAR}} (or {@code $VAR}) and VAR
 *                       was not set: VAR. Lets a deploy give the name the pipeline's
 *                       get-config-versions.py used to export.
 */
@ComposeStruct(extensions = true)
public record FileObjectConfig(
        @ComposeKey(derived = true) String key,
        String name,
        String file,
        ObjectContent content,
        String environment,
        External external,
        Map<String, String> labels,
        String driver,
        Map<String, String> driverOpts,
        String templateDriver,
        @ComposeKey(derived = true) Source source,
        @ComposeKey(derived = true) Optional<String> nameVariable) {

    /** Where the content of a config or secret comes from. */
    public enum Source {
        /** {@code file:} */
        FILE,
        /** {@code content:} (compose-spec; beyond docker stack deploy) */
        CONTENT,
        /** {@code environment:} (compose-spec; beyond docker stack deploy) */
        ENVIRONMENT,
        /** {@code external: true}: exists on the swarm, nothing to read */
        EXTERNAL
    }

    public FileObjectConfig {
        key = Defaults.orEmpty(key);
        name = Defaults.orEmpty(name);
        source = source == null ? Source.FILE : source;
        file = Defaults.orEmpty(file);
        environment = Defaults.orEmpty(environment);
        content = content == null ? ObjectContent.NONE : content;
        external = external == null ? External.NO : external;
        labels = Defaults.map(labels);
        driver = Defaults.orEmpty(driver);
        driverOpts = Defaults.map(driverOpts);
        templateDriver = Defaults.orEmpty(templateDriver);
        nameVariable = Defaults.optional(nameVariable);
    }

    public boolean isExternal() {
        return external.external();
    }
}
