package io.github.swarmdeploy.core.convert;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One network a stack's services attach to, with the fields of docker's network create request.
 *
 * <p>For an external network only {@code key} and {@code name} matter: docker checks that it exists (and is
 * swarm-scoped, unless it is one of the engine's predefined networks, see {@link #isPredefined()}) and
 * never creates it; the other fields are then empty.
 *
 * @param key        the key under {@code networks:} (or {@code default})
 * @param name       the Swarm name: {@code <stack>_<key>}, the explicit {@code name:}, or for an external
 *                   network the name it is known by
 * @param external   whether the network must exist already
 * @param driver     the driver; {@code overlay} unless the file says otherwise (docker's default)
 * @param options    driver options ({@code driver_opts})
 * @param ipam       IPAM settings when the file has a driver or subnets for it
 * @param internal   {@code internal:}
 * @param attachable {@code attachable:}
 * @param labels     the file's labels plus {@code com.docker.stack.namespace}
 */
public record DesiredNetwork(String key, String name, boolean external, String driver, Map<String, String> options,
                             Optional<Ipam> ipam, boolean internal, boolean attachable, Map<String, String> labels) {

    public DesiredNetwork {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        options = Map.copyOf(options);
        Objects.requireNonNull(ipam, "ipam");
        labels = Map.copyOf(labels);
    }

    /** A network the stack refers to but never creates. */
    public static DesiredNetwork external(String key, String name) {
        return new DesiredNetwork(key, name, true, "", Map.of(), Optional.empty(), false, false, Map.of());
    }

    /**
     * Whether the name is one of the networks every engine has ({@code host}, {@code bridge}, {@code none},
     * {@code default}, {@code container:…}); docker does not look those up.
     */
    public boolean isPredefined() {
        return !NetworkNames.isUserDefined(name);
    }

    /**
     * IPAM of a network create request. docker passes only the driver and each pool's subnet (gateways,
     * ranges and IPAM options in the file are dropped by {@code docker stack deploy}).
     *
     * @param driver  the IPAM driver, when the file names one
     * @param subnets one pool per entry of {@code ipam.config}, in file order
     */
    public record Ipam(Optional<String> driver, List<String> subnets) {

        public Ipam {
            Objects.requireNonNull(driver, "driver");
            subnets = List.copyOf(subnets);
        }
    }
}
