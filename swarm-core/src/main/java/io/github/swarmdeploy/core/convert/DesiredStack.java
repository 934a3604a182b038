package io.github.swarmdeploy.core.convert;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code docker stack deploy} would create or reference for one stack: the result of converting
 * a stack definition. Pure data; nothing here has touched an engine.
 *
 * <p>Each list is ordered by its compose key, so two conversions of the same input are equal element by
 * element. External objects are included (flagged {@code external}) so a deployer can check that they
 * exist; only the others are to be created.
 *
 * @param name     the stack (namespace) name, e.g. {@code project_prod}
 * @param networks networks used by at least one service (docker creates no others), incl. the default one
 * @param configs  every config of the stack file
 * @param secrets  every secret of the stack file
 * @param services every service
 */
public record DesiredStack(String name, List<DesiredNetwork> networks, List<DesiredConfig> configs,
                           List<DesiredSecret> secrets, List<DesiredService> services) {

    public DesiredStack {
        Objects.requireNonNull(name, "name");
        networks = List.copyOf(networks);
        configs = List.copyOf(configs);
        secrets = List.copyOf(secrets);
        services = List.copyOf(services);
    }

    public Optional<DesiredService> service(String key) {
        return services.stream().filter(service -> service.key().equals(key)).findFirst();
    }

    public Optional<DesiredNetwork> network(String key) {
        return networks.stream().filter(network -> network.key().equals(key)).findFirst();
    }

    public Optional<DesiredConfig> config(String key) {
        return configs.stream().filter(config -> config.key().equals(key)).findFirst();
    }

    public Optional<DesiredSecret> secret(String key) {
        return secrets.stream().filter(secret -> secret.key().equals(key)).findFirst();
    }
}
