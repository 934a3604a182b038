package io.github.swarmdeploy.core.convert;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret of the stack, with the fields of docker's secret create request. The value never appears in
 * {@link #toString()}.
 *
 * <p>For an external secret only {@code key} and {@code name} matter. A secret with a {@code driver} has
 * empty data (the driver supplies the value), as docker sends it.
 *
 * @param key            the key under {@code secrets:}
 * @param name           the Swarm name, as decided by the {@link ObjectNamer} (or the external name)
 * @param external       whether the secret must exist already
 * @param labels         the file's labels, {@code com.docker.stack.namespace} and the namer's labels
 * @param data           the value; never null
 * @param templateDriver {@code template_driver}, when set
 * @param driver         {@code driver}, when set (a secret store plugin)
 * @param driverOptions  {@code driver_opts} of that driver
 */
public record DesiredSecret(String key, String name, boolean external, Map<String, String> labels, byte[] data,
                            Optional<String> templateDriver, Optional<String> driver,
                            Map<String, String> driverOptions) {

    public DesiredSecret {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        data = data.clone();
        Objects.requireNonNull(templateDriver, "templateDriver");
        Objects.requireNonNull(driver, "driver");
        driverOptions = Map.copyOf(driverOptions);
    }

    public static DesiredSecret external(String key, String name) {
        return new DesiredSecret(key, name, true, Map.of(), new byte[0], Optional.empty(), Optional.empty(),
                Map.of());
    }

    /** A copy of the value. Never log it. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DesiredSecret that && key.equals(that.key) && name.equals(that.name)
                && external == that.external && labels.equals(that.labels) && Arrays.equals(data, that.data)
                && templateDriver.equals(that.templateDriver) && driver.equals(that.driver)
                && driverOptions.equals(that.driverOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, name, external, labels, Arrays.hashCode(data), templateDriver, driver,
                driverOptions);
    }

    /** Names the secret; the value is never rendered, not even its length. */
    @Override
    public String toString() {
        return "DesiredSecret[key=" + key + ", name=" + name + ", external=" + external + ", labels=" + labels
                + ", templateDriver=" + templateDriver.orElse("") + ", driver=" + driver.orElse("") + "]";
    }
}
