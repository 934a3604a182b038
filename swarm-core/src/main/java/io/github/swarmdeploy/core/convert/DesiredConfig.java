package io.github.swarmdeploy.core.convert;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One config of the stack, with the fields of docker's config create request.
 *
 * <p>For an external config only {@code key} and {@code name} matter (labels empty, data empty).
 *
 * @param key            the key under {@code configs:}
 * @param name           the Swarm name, as decided by the {@link ObjectNamer} (or the external name)
 * @param external       whether the config must exist already
 * @param labels         the file's labels, {@code com.docker.stack.namespace} and the namer's labels
 * @param data           the content; never null
 * @param templateDriver {@code template_driver}, when set
 */
public record DesiredConfig(String key, String name, boolean external, Map<String, String> labels, byte[] data,
                            Optional<String> templateDriver) {

    public DesiredConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        data = data.clone();
        Objects.requireNonNull(templateDriver, "templateDriver");
    }

    public static DesiredConfig external(String key, String name) {
        return new DesiredConfig(key, name, true, Map.of(), new byte[0], Optional.empty());
    }

    /** A copy of the content. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DesiredConfig that && key.equals(that.key) && name.equals(that.name)
                && external == that.external && labels.equals(that.labels) && Arrays.equals(data, that.data)
                && templateDriver.equals(that.templateDriver);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, name, external, labels, Arrays.hashCode(data), templateDriver);
    }

    @Override
    public String toString() {
        return "DesiredConfig[key=" + key + ", name=" + name + ", external=" + external + ", labels=" + labels
                + ", data=" + data.length + " bytes, templateDriver=" + templateDriver.orElse("") + "]";
    }
}
