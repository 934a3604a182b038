package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.golang.Json;
import io.github.swarmdeploy.core.golang.Sort;
import com.github.dockerjava.api.model.ContainerDNSConfig;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecPrivileges;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Ulimit;
import io.github.swarmdeploy.core.compose.model.CredentialSpecConfig;
import io.github.swarmdeploy.core.compose.model.HealthCheckConfig;
import io.github.swarmdeploy.core.compose.model.LoggingConfig;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.UlimitsConfig;
import io.github.swarmdeploy.core.convert.swarm.SwarmConfigReference;
import io.github.swarmdeploy.core.convert.swarm.SwarmCredentialSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Container-level settings: environment, extra hosts, DNS, healthcheck, ulimits, capabilities, logging and
 * credential spec (docker's {@code convertEnvironment}, {@code convertExtraHosts}, {@code convertDNSConfig},
 * {@code convertHealthcheck}, {@code convertUlimits}, {@code EffectiveCapAddCapDrop}, {@code convertCredentialSpec}).
 */
final class ContainerConversion {

    private static final String ALL_CAPABILITIES = "ALL";
    private static final String RESET_CAPABILITIES = "RESET";

    private ContainerConversion() {
    }

    /** {@code KEY=value}, or just {@code KEY} for a variable without a value; sorted. */
    static List<String> environment(Map<String, Optional<String>> environment) {
        List<String> result = new ArrayList<>();
        environment.forEach((name, value) -> result.add(value.map(text -> name + "=" + text).orElse(name)));
        result.sort(Sort.STRING_ORDER);
        return result;
    }

    /** {@code host:ip} becomes Swarm's {@code "ip host"}, in file order; entries without a colon are dropped. */
    static List<String> extraHosts(List<String> extraHosts) {
        List<String> result = new ArrayList<>();
        for (String entry : extraHosts) {
            int colon = entry.indexOf(':');
            if (colon >= 0) {
                result.add(entry.substring(colon + 1) + " " + entry.substring(0, colon));
            }
        }
        return result;
    }

    static ContainerDNSConfig dns(ServiceConfig service) {
        if (service.dns().isEmpty() && service.dnsSearch().isEmpty()) {
            return null;
        }
        return new ContainerDNSConfig().withNameservers(Json.orNull(service.dns()))
                .withSearch(Json.orNull(service.dnsSearch()));
    }

    /** {@code disable: true} becomes {@code ["NONE"]}; zero durations and retries are left out. */
    static HealthCheck healthcheck(ConversionContext context, ServiceConfig service) {
        if (service.healthcheck().isEmpty()) {
            return null;
        }
        HealthCheckConfig healthcheck = service.healthcheck().get();
        if (healthcheck.disable()) {
            if (!healthcheck.test().isEmpty()) {
                throw context.problem("services." + service.name() + ".healthcheck",
                        "test and disable can't be set at the same time");
            }
            return new HealthCheck().withTest(List.of("NONE"));
        }
        return new HealthCheck()
                .withTest(Json.orNull(healthcheck.test()))
                .withTimeout(healthcheck.timeout().map(Json::nanosOrNull).orElse(null))
                .withInterval(healthcheck.interval().map(Json::nanosOrNull).orElse(null))
                .withRetries(healthcheck.retries().filter(retries -> retries != 0).orElse(null))
                .withStartPeriod(healthcheck.startPeriod().map(Json::nanosOrNull).orElse(null))
                .withStartInterval(healthcheck.startInterval().map(Json::nanosOrNull).orElse(null));
    }

    /** Sorted by name; a single number sets both limits. */
    static List<Ulimit> ulimits(Map<String, UlimitsConfig> ulimits) {
        List<Ulimit> result = new ArrayList<>();
        new TreeMap<>(ulimits).forEach((name, limit) -> result.add(limit.single() != 0
                ? new Ulimit(name, (long) limit.single(), (long) limit.single())
                : new Ulimit(name, (long) limit.soft(), (long) limit.hard())));
        return result;
    }

    /**
     * docker's effective capabilities: names upper-cased with a {@code CAP_} prefix, {@code ALL} absorbs the
     * others of its list, a capability both added and dropped is only added, {@code RESET} is dropped; sorted.
     *
     * @return the capabilities to add and to drop
     */
    static List<List<String>> capabilities(List<String> add, List<String> drop) {
        TreeSet<String> adds = normalised(add);
        TreeSet<String> drops = normalised(drop);
        if (adds.contains(ALL_CAPABILITIES)) {
            adds = new TreeSet<>(List.of(ALL_CAPABILITIES));
        }
        if (drops.contains(ALL_CAPABILITIES)) {
            drops = new TreeSet<>(List.of(ALL_CAPABILITIES));
        }
        List<String> effectiveDrops = new ArrayList<>();
        for (String capability : drops) {
            if (!adds.contains(capability) && !capability.equals(RESET_CAPABILITIES)) {
                effectiveDrops.add(capability);
            }
        }
        List<String> effectiveAdds = new ArrayList<>(adds);
        effectiveAdds.remove(RESET_CAPABILITIES);
        effectiveAdds.sort(Sort.STRING_ORDER);
        effectiveDrops.sort(Sort.STRING_ORDER);
        return List.of(effectiveAdds, effectiveDrops);
    }

    private static TreeSet<String> normalised(List<String> capabilities) {
        TreeSet<String> result = new TreeSet<>();
        for (String capability : capabilities) {
            String name = capability.strip().toUpperCase(Locale.ROOT);
            if (!name.equals(ALL_CAPABILITIES) && !name.equals(RESET_CAPABILITIES) && !name.startsWith("CAP_")) {
                name = "CAP_" + name;
            }
            result.add(name);
        }
        return result;
    }

    static Driver logDriver(Optional<LoggingConfig> logging) {
        return logging.map(config -> new Driver().withName(Json.orNull(config.driver()))
                .withOptions(Json.orNull(config.options()))).orElse(null);
    }

    /**
     * Always present (docker sends {@code "Privileges": {}}), with a credential spec when the file has one.
     * A credential spec may name one of config, file or registry; a config is sent as its ID, found through
     * the service's Runtime config reference.
     */
    static ContainerSpecPrivileges privileges(ConversionContext context, ServiceConfig service,
                                              List<ContainerSpecConfig> configs) {
        ContainerSpecPrivileges privileges = new ContainerSpecPrivileges();
        CredentialSpecConfig spec = service.credentialSpec();
        List<String> set = new ArrayList<>();
        if (!spec.config().isEmpty()) {
            set.add("\"Config\"");
        }
        if (!spec.file().isEmpty()) {
            set.add("\"File\"");
        }
        if (!spec.registry().isEmpty()) {
            set.add("\"Registry\"");
        }
        if (set.isEmpty()) {
            return privileges;
        }
        String path = "services." + service.name() + ".credential_spec";
        if (set.size() == 2) {
            throw context.problem(path, "invalid credential spec: cannot specify both " + set.get(0) + " and " + set.get(1));
        }
        if (set.size() > 2) {
            throw context.problem(path, "invalid credential spec: cannot specify both "
                    + String.join(", ", set.subList(0, set.size() - 1)) + ", and " + set.get(set.size() - 1));
        }
        SwarmCredentialSpec credentialSpec = new SwarmCredentialSpec();
        credentialSpec.withFile(Json.orNull(spec.file())).withRegistry(Json.orNull(spec.registry()));
        if (!spec.config().isEmpty()) {
            String name = FileObjectConversion.configName(context, spec.config(), path + ".config");
            credentialSpec.withConfig(configs.stream()
                    .filter(config -> config instanceof SwarmConfigReference reference && reference.hasRuntimeTarget())
                    .filter(config -> config.getConfigName().equals(name))
                    .findFirst().map(ContainerSpecConfig::getConfigID).orElse(null));
        }
        return privileges.withCredentialSpec(credentialSpec);
    }
}
