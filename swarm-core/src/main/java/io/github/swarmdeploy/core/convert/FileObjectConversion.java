package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.golang.Sort;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.FileReference;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.convert.swarm.SwarmConfigReference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Configs and secrets: the objects (docker's {@code convert.Configs}/{@code convert.Secrets}) and a service's
 * references to them ({@code convertServiceConfigObjs}/{@code convertServiceSecrets} plus the CLI's
 * {@code ParseConfigs}/{@code ParseSecrets}).
 */
final class FileObjectConversion {

    /** docker's default file mode of a mounted config or secret: {@code 0444}. */
    static final long DEFAULT_MODE = 0444;

    private FileObjectConversion() {
    }

    /** The Swarm name of every config or secret by key: the namer decides for those the stack owns. */
    static Map<String, String> names(FileObject.Kind kind, StackNamespace namespace,
                                     Map<String, FileObjectConfig> definitions, ObjectNamer namer) {
        Map<String, String> names = new LinkedHashMap<>();
        definitions.forEach((key, definition) -> names.put(key, definition.isExternal()
                ? ConversionContext.externalName(key, definition.name(), definition.external())
                : namer.name(new FileObject(kind, namespace.name(), definition))));
        return names;
    }

    static List<DesiredConfig> configs(ConversionContext context, ObjectNamer namer) {
        List<DesiredConfig> result = new ArrayList<>();
        new TreeMap<>(context.definition().configs()).forEach((key, definition) -> {
            String name = context.configNames().get(key);
            if (definition.isExternal()) {
                result.add(DesiredConfig.external(key, name));
                return;
            }
            FileObject object = new FileObject(FileObject.Kind.CONFIG, context.namespace().name(), definition);
            result.add(new DesiredConfig(key, name, false, labels(context, definition, namer, object), object.data(),
                    optional(definition.templateDriver())));
        });
        return result;
    }

    static List<DesiredSecret> secrets(ConversionContext context, ObjectNamer namer) {
        List<DesiredSecret> result = new ArrayList<>();
        new TreeMap<>(context.definition().secrets()).forEach((key, definition) -> {
            String name = context.secretNames().get(key);
            if (definition.isExternal()) {
                result.add(DesiredSecret.external(key, name));
                return;
            }
            FileObject object = new FileObject(FileObject.Kind.SECRET, context.namespace().name(), definition);
            result.add(new DesiredSecret(key, name, false, labels(context, definition, namer, object), object.data(),
                    optional(definition.templateDriver()), optional(definition.driver()),
                    definition.driver().isEmpty() ? Map.of() : definition.driverOpts()));
        });
        return result;
    }

    /** The file's labels, then the namer's, then the stack label. */
    private static Map<String, String> labels(ConversionContext context, FileObjectConfig definition,
                                              ObjectNamer namer, FileObject object) {
        Map<String, String> labels = new LinkedHashMap<>(definition.labels());
        labels.putAll(namer.labels(object));
        return context.namespace().withStackLabel(labels);
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A service's secret references, sorted by secret name (then target). */
    static List<ContainerSpecSecret> secretReferences(ConversionContext context, ServiceConfig service,
                                                      Optional<ObjectIds> ids) {
        List<ContainerSpecSecret> result = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int index = 0; index < service.secrets().size(); index++) {
            FileReference reference = service.secrets().get(index);
            String path = "services." + service.name() + ".secrets." + index;
            String name = context.secretNames().get(reference.source());
            if (name == null) {
                throw context.problem(path, "undefined secret \"" + reference.source() + "\"");
            }
            ContainerSpecFile file = file(reference);
            if (!targets.add(file.getName())) {
                throw context.problem(path, "duplicate secret target for " + name + " not allowed");
            }
            result.add(new ContainerSpecSecret().withFile(file).withSecretName(name)
                    .withSecretId(ids.map(known -> known.secretId(name)).orElse(null)));
        }
        result.sort(Comparator.comparing(ContainerSpecSecret::getSecretName, Sort.STRING_ORDER)
                .thenComparing(secret -> secret.getFile().getName(), Sort.STRING_ORDER));
        return result;
    }

    /**
     * A service's config references, sorted by config name (then target); a credential spec that names a
     * config adds a Runtime reference to it (once).
     */
    static List<ContainerSpecConfig> configReferences(ConversionContext context, ServiceConfig service,
                                                      Optional<ObjectIds> ids) {
        List<ContainerSpecConfig> result = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int index = 0; index < service.configs().size(); index++) {
            FileReference reference = service.configs().get(index);
            String path = "services." + service.name() + ".configs." + index;
            String name = configName(context, reference.source(), path);
            ContainerSpecFile file = file(reference);
            if (!targets.add(file.getName())) {
                throw context.problem(path, "duplicate config target for " + name + " not allowed");
            }
            SwarmConfigReference config = new SwarmConfigReference();
            config.withFile(file).withConfigName(name).withConfigID(ids.map(known -> known.configId(name)).orElse(null));
            result.add(config);
        }
        String credentialConfig = service.credentialSpec().config();
        if (!credentialConfig.isEmpty()) {
            String name = configName(context, credentialConfig, "services." + service.name() + ".credential_spec.config");
            SwarmConfigReference runtime = new SwarmConfigReference().withRuntimeTarget();
            runtime.withConfigName(name).withConfigID(ids.map(known -> known.configId(name)).orElse(null));
            result.add(runtime);
        }
        result.sort(Comparator.comparing(ContainerSpecConfig::getConfigName, Sort.STRING_ORDER)
                .thenComparing(config -> config.getFile() == null ? 1 : 0)
                .thenComparing(config -> config.getFile() == null ? "" : config.getFile().getName(),
                        Sort.STRING_ORDER));
        return result;
    }

    /** The Swarm name of the config with this key, or docker's error when the stack defines none. */
    static String configName(ConversionContext context, String key, String path) {
        String name = context.configNames().get(key);
        if (name == null) {
            throw context.problem(path, "undefined config \"" + key + "\"");
        }
        return name;
    }

    /** Target (default: the key), uid/gid (default "0") and mode (default 0444). */
    private static ContainerSpecFile file(FileReference reference) {
        return new ContainerSpecFile()
                .withName(reference.target().isEmpty() ? reference.source() : reference.target())
                .withUid(reference.uid().isEmpty() ? "0" : reference.uid())
                .withGid(reference.gid().isEmpty() ? "0" : reference.gid())
                .withMode(reference.mode().map(Integer::longValue).orElse(DEFAULT_MODE));
    }
}
