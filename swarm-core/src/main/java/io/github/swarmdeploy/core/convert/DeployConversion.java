package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.golang.Json;
import io.github.swarmdeploy.core.golang.Sort;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import io.github.swarmdeploy.core.compose.model.DeployConfig;
import io.github.swarmdeploy.core.compose.model.GenericResource;
import io.github.swarmdeploy.core.compose.model.Placement;
import io.github.swarmdeploy.core.compose.model.PlacementPreference;
import io.github.swarmdeploy.core.compose.model.Resource;
import io.github.swarmdeploy.core.compose.model.ResourceLimit;
import io.github.swarmdeploy.core.compose.model.RestartPolicy;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.ServicePortConfig;
import io.github.swarmdeploy.core.compose.model.UpdateConfig;
import io.github.swarmdeploy.core.convert.swarm.SwarmGenericResource;
import io.github.swarmdeploy.core.convert.swarm.SwarmPlacement;
import io.github.swarmdeploy.core.convert.swarm.SwarmResources;
import io.github.swarmdeploy.core.convert.swarm.SwarmServiceMode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code deploy:} section and ports: mode and replicas, update/rollback config, restart policy,
 * resources, placement and the endpoint spec (docker's {@code convertDeployMode}, {@code convertUpdateConfig},
 * {@code convertRestartPolicy}, {@code convertResources}, {@code convertEndpointSpec}).
 */
final class DeployConversion {

    private static final BigDecimal NANOS_PER_CPU = BigDecimal.valueOf(1_000_000_000L);

    private DeployConversion() {
    }

    static SwarmServiceMode mode(ConversionContext context, ServiceConfig service) {
        DeployConfig deploy = service.deploy();
        Long replicas = deploy.replicas().orElse(null);
        String path = "services." + service.name() + ".deploy.mode";
        switch (deploy.mode()) {
            case "global-job":
                requireNoReplicas(context, service, path);
                return SwarmServiceMode.globalJob();
            case "global":
                requireNoReplicas(context, service, path);
                return SwarmServiceMode.global();
            case "replicated-job":
                return SwarmServiceMode.replicatedJob(replicas, replicas);
            case "replicated", "":
                return SwarmServiceMode.replicated(replicas);
            default:
                throw context.problem(path, "Unknown mode: " + deploy.mode());
        }
    }

    private static void requireNoReplicas(ConversionContext context, ServiceConfig service, String path) {
        if (service.deploy().replicas().isPresent()) {
            throw context.problem(path, "replicas can only be used with replicated or replicated-job mode");
        }
    }

    /** Parallelism defaults to 1; zero durations, ratio, and empty action/order are left out. */
    static com.github.dockerjava.api.model.UpdateConfig updateConfig(ConversionContext context, String path,
                                                                      Optional<UpdateConfig> source) {
        if (source.isEmpty()) {
            return null;
        }
        UpdateConfig config = source.get();
        return new com.github.dockerjava.api.model.UpdateConfig()
                .withParallelism(config.parallelism().orElse(1L))
                .withDelay(Json.nanosOrNull(config.delay()))
                .withFailureAction(config.failureAction().isEmpty() ? null
                        : constant(context, path + ".failure_action", UpdateFailureAction.class, config.failureAction()))
                .withMonitor(Json.nanosOrNull(config.monitor()))
                .withMaxFailureRatio(config.maxFailureRatio() == 0f ? null : config.maxFailureRatio())
                .withOrder(config.order().isEmpty() ? null
                        : constant(context, path + ".order", UpdateOrder.class, config.order()));
    }

    /**
     * {@code deploy.restart_policy}, or without it the legacy {@code restart:} (no → none sent, always and
     * unless-stopped → any, on-failure[:n] → on-failure with n attempts).
     */
    static ServiceRestartPolicy restartPolicy(ConversionContext context, ServiceConfig service) {
        String base = "services." + service.name();
        Optional<RestartPolicy> policy = service.deploy().restartPolicy();
        if (policy.isPresent()) {
            RestartPolicy source = policy.get();
            return new ServiceRestartPolicy()
                    .withCondition(source.condition().isEmpty() ? null : constant(context,
                            base + ".deploy.restart_policy.condition", ServiceRestartCondition.class, source.condition()))
                    .withDelay(source.delay().map(java.time.Duration::toNanos).orElse(null))
                    .withMaxAttempts(source.maxAttempts().orElse(null))
                    .withWindow(source.window().map(java.time.Duration::toNanos).orElse(null));
        }
        return legacyRestart(context, base + ".restart", service.restart());
    }

    private static ServiceRestartPolicy legacyRestart(ConversionContext context, String path, String restart) {
        if (restart.isEmpty()) {
            return null;
        }
        int colon = restart.indexOf(':');
        String name = colon < 0 ? restart : restart.substring(0, colon);
        String count = colon < 0 ? "" : restart.substring(colon + 1);
        if (colon == 0) {
            throw context.problem(path, "invalid restart policy format: no policy provided before colon");
        }
        long attempts = 0;
        if (!count.isEmpty()) {
            try {
                attempts = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                throw context.problem(path, "invalid restart policy format: maximum retry count must be an integer");
            }
        }
        return switch (name) {
            case "no", "" -> null;
            case "always", "unless-stopped" -> new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ANY);
            case "on-failure" -> new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ON_FAILURE)
                    .withMaxAttempts(attempts);
            default -> throw context.problem(path, "unknown restart policy: " + restart);
        };
    }

    /** Always present (docker sends {@code "Resources": {}} when the file has none). */
    static ResourceRequirements resources(ConversionContext context, ServiceConfig service) {
        String path = "services." + service.name() + ".deploy.resources";
        ResourceRequirements resources = new ResourceRequirements();
        Optional<ResourceLimit> limits = service.deploy().resources().limits();
        if (limits.isPresent()) {
            SwarmResources limit = new SwarmResources().withPids(Json.orNull(limits.get().pids()));
            setCpusAndMemory(limit, cpus(context, path + ".limits.cpus", limits.get().nanoCpus()),
                    limits.get().memoryBytes());
            resources.withLimits(limit);
        }
        Optional<Resource> reservations = service.deploy().resources().reservations();
        if (reservations.isPresent()) {
            List<SwarmGenericResource> generic = new ArrayList<>();
            for (GenericResource resource : reservations.get().genericResources()) {
                generic.add(resource.discreteResourceSpec()
                        .map(spec -> SwarmGenericResource.discrete(spec.kind(), spec.value()))
                        .orElseGet(SwarmGenericResource::empty));
            }
            SwarmResources reservation = new SwarmResources().withGenericResources(Json.orNull(generic));
            setCpusAndMemory(reservation, cpus(context, path + ".reservations.cpus", reservations.get().nanoCpus()),
                    reservations.get().memoryBytes());
            resources.withReservations(reservation);
        }
        return resources;
    }

    private static void setCpusAndMemory(SwarmResources resources, long nanoCpus, long memoryBytes) {
        if (nanoCpus != 0) {
            resources.withNanoCPUs(nanoCpus);
        }
        if (memoryBytes != 0) {
            resources.withMemoryBytes(memoryBytes);
        }
    }

    /**
     * CPUs as written ({@code "0.5"}, {@code "1"}, {@code "3/2"}) in nano CPUs, docker's {@code ParseCPUs}:
     * an exact rational, refused when it is not a whole number of nano CPUs.
     */
    static long cpus(ConversionContext context, String path, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        BigDecimal value;
        try {
            int slash = text.indexOf('/');
            value = slash < 0 ? new BigDecimal(text)
                    : rational(text.substring(0, slash), text.substring(slash + 1));
        } catch (NumberFormatException | ArithmeticException e) {
            throw context.problem(path, "failed to parse " + text + " as a rational number");
        }
        BigDecimal nanos = value.multiply(NANOS_PER_CPU);
        try {
            BigInteger exact = nanos.toBigIntegerExact();
            return exact.longValue();
        } catch (ArithmeticException e) {
            throw context.problem(path, "value is too precise");
        }
    }

    private static BigDecimal rational(String numerator, String denominator) {
        BigDecimal top = new BigDecimal(numerator);
        BigDecimal bottom = new BigDecimal(new BigInteger(denominator));
        // exact when the fraction terminates; a non-terminating one cannot be a whole number of nano CPUs
        // unless it is exactly representable, which the scaled division below checks
        BigDecimal scaled = top.multiply(NANOS_PER_CPU);
        BigDecimal[] quotient = scaled.divideAndRemainder(bottom);
        if (quotient[1].signum() != 0) {
            throw new ArithmeticException("not exact");
        }
        return quotient[0].divide(NANOS_PER_CPU);
    }

    /** Always present, even when empty (docker sends {@code "Placement": {}}). */
    static SwarmPlacement placement(ServiceConfig service) {
        Placement placement = service.deploy().placement();
        SwarmPlacement result = new SwarmPlacement().withPreferences(Json.orNull(
                placement.preferences().stream().map(PlacementPreference::spread)
                        .map(SwarmPlacement.Preference::spread).toList()));
        result.withConstraints(Json.orNull(placement.constraints()));
        if (placement.maxReplicas() != 0) {
            result.withMaxReplicas(placement.maxReplicas());
        }
        return result;
    }

    /** Always present; ports sorted by published port (unpublished first) exactly as docker sorts them. */
    static EndpointSpec endpointSpec(ConversionContext context, ServiceConfig service) {
        String path = "services." + service.name();
        List<PortConfig> ports = new ArrayList<>();
        for (int index = 0; index < service.ports().size(); index++) {
            ServicePortConfig port = service.ports().get(index);
            String portPath = path + ".ports." + index;
            PortConfig config = new PortConfig()
                    .withProtocol(port.protocol().isEmpty() ? null
                            : constant(context, portPath + ".protocol", PortConfigProtocol.class, port.protocol()))
                    .withTargetPort(Math.toIntExact(port.target()))
                    .withPublishedPort(Math.toIntExact(port.published()))
                    .withPublishMode(port.mode().isEmpty() ? null
                            : constant(context, portPath + ".mode", PortConfig.PublishMode.class, port.mode()));
            ports.add(config);
        }
        // Go's unstable sort.Slice, as docker: equal published ports keep Go's order, not the file's
        Sort.slice(ports, (left, right) -> Integer.compareUnsigned(left.getPublishedPort(), right.getPublishedPort()) < 0);
        String mode = service.deploy().endpointMode().toLowerCase(Locale.ROOT);
        return new EndpointSpec()
                .withMode(mode.isEmpty() ? null
                        : constant(context, path + ".deploy.endpoint_mode", EndpointResolutionMode.class, mode))
                .withPorts(Json.orNull(ports));
    }

    /**
     * The docker-java constant whose JSON value is {@code value}. docker would pass any string on and the
     * engine would refuse it; refusing it here names the key.
     */
    static <E extends Enum<E>> E constant(ConversionContext context, String path, Class<E> type, String value) {
        for (E candidate : type.getEnumConstants()) {
            if (jsonValue(candidate).equals(value)) {
                return candidate;
            }
        }
        List<String> known = new ArrayList<>();
        for (E candidate : type.getEnumConstants()) {
            known.add(jsonValue(candidate));
        }
        throw context.problem(path, "invalid value \"" + value + "\" (expected one of " + String.join(", ", known) + ")");
    }

    private static String jsonValue(Enum<?> constant) {
        try {
            com.fasterxml.jackson.annotation.JsonProperty property = constant.getDeclaringClass()
                    .getField(constant.name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return property == null ? constant.name() : property.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
