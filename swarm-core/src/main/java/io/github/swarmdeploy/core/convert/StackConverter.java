package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.StackDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a stack definition into the Swarm objects {@code docker stack deploy} would create for it, field for
 * field: networks, configs, secrets and service specs. Pure: no I/O, and the same input always gives an
 * equal result.
 *
 * <pre>{@code
 * DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert("project_prod", definition);
 * }</pre>
 */
public final class StackConverter {

    private final ObjectNamer namer;

    /** @param namer decides the Swarm names of the stack's configs and secrets */
    public StackConverter(ObjectNamer namer) {
        this.namer = Objects.requireNonNull(namer, "namer");
    }

    /**
     * @param stack the stack (namespace) name
     * @throws ConversionException when docker would refuse the definition (an undefined network, …), or the
     *                             engine would refuse what docker sends for it ({@link SwarmRules}: docker
     *                             would fail half-way); the message names file, line and key
     */
    public DesiredStack convert(String stack, StackDefinition definition) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(definition, "definition");
        StackNamespace namespace = new StackNamespace(stack);
        ConversionContext context = new ConversionContext(namespace, definition,
                FileObjectConversion.names(FileObject.Kind.CONFIG, namespace, definition.configs(), namer),
                FileObjectConversion.names(FileObject.Kind.SECRET, namespace, definition.secrets(), namer));

        List<DesiredService> services = new ArrayList<>();
        for (Map.Entry<String, ServiceConfig> entry : new TreeMap<>(definition.services()).entrySet()) {
            ServiceConfig service = entry.getValue();
            // convert once now, so that a definition docker refuses fails here and not on first use
            ServiceConversion.spec(context, service, Optional.empty());
            services.add(new DesiredService(entry.getKey(), namespace.scope(entry.getKey()), service.dependsOn(),
                    ids -> SpecJson.of(ServiceConversion.spec(context, service, ids))));
        }
        List<DesiredNetwork> networks = NetworkConversion.networks(context, namer);
        List<DesiredConfig> configs = FileObjectConversion.configs(context, namer);
        List<DesiredSecret> secrets = FileObjectConversion.secrets(context, namer);
        SwarmRules.check(context, networks, configs, secrets);
        return new DesiredStack(stack, networks, configs, secrets, services);
    }
}
