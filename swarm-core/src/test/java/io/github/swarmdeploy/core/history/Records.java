package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.plan.Change;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Deploy records and service specs for the history tests. */
final class Records {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String STACK = "shop_prod";

    private Records() {
    }

    /** A service spec by name: image, environment, configs and secrets, attached to the stack's default network. */
    static ObjectNode spec(String key, String image, Map<String, String> env, List<String> configs,
                           List<String> secrets) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("Name", STACK + "_" + key);
        spec.putObject("Labels").put("com.docker.stack.namespace", STACK).put("com.docker.stack.image", image);
        ObjectNode container = spec.putObject("TaskTemplate").putObject("ContainerSpec");
        container.put("Image", image);
        env.forEach((name, value) -> container.withArray("Env").add(name + "=" + value));
        configs.forEach(config -> container.withArray("Configs").addObject().put("ConfigName", config)
                .putObject("File").put("Name", "/etc/" + config).put("UID", "0").put("GID", "0").put("Mode", 292));
        secrets.forEach(secret -> container.withArray("Secrets").addObject().put("SecretName", secret)
                .putObject("File").put("Name", "/run/secrets/" + secret).put("UID", "0").put("GID", "0").put("Mode", 292));
        ((ObjectNode) spec.get("TaskTemplate")).withArray("Networks").addObject().put("Target", STACK + "_default");
        spec.putObject("Mode").putObject("Replicated").put("Replicas", 1);
        return spec;
    }

    static ObjectNode spec(String key, String image) {
        return spec(key, image, Map.of(), List.of(), List.of());
    }

    static AppliedStack applied(ObjectNode... specs) {
        List<AppliedStack.AppliedService> services = new ArrayList<>();
        for (ObjectNode spec : specs) {
            String name = spec.path("Name").asText();
            services.add(new AppliedStack.AppliedService(name, name.substring(STACK.length() + 1), List.of(), spec));
        }
        return new AppliedStack(services, List.of(new DesiredNetwork("default", STACK + "_default", false, "overlay",
                Map.of(), Optional.empty(), false, false, Map.of("com.docker.stack.namespace", STACK))));
    }

    static DeployRecord record(long sequence, DeployRecord.Outcome outcome, Optional<AppliedStack> specs) {
        List<DeployRecord.ServiceEntry> services = new ArrayList<>();
        specs.ifPresent(stack -> stack.services().forEach(service -> services.add(new DeployRecord.ServiceEntry(
                service.name(), Change.Action.UPDATE, List.of("image"),
                service.spec().at("/TaskTemplate/ContainerSpec/Image").asText(),
                AppliedStack.referenceNames(service.spec(), "Configs", "ConfigName"),
                AppliedStack.referenceNames(service.spec(), "Secrets", "SecretName"), Optional.empty()))));
        return new DeployRecord(STACK, sequence, DeployRecord.Kind.DEPLOY, Instant.parse("2024-07-17T09:12:44Z")
                .plusSeconds(sequence * 60), outcome, Optional.of(Instant.parse("2024-07-17T09:13:44Z")
                .plusSeconds(sequence * 60)), outcome == DeployRecord.Outcome.FAILED ? "web: rolled back" : "",
                OptionalLong.empty(), DeployOrigin.UNKNOWN, new DeployRecord.Counts(0, services.size(), 0, 1), services,
                specs, specs.isPresent() ? "" : "none kept");
    }

    static DeployRecord succeeded(long sequence, ObjectNode... specs) {
        return record(sequence, DeployRecord.Outcome.SUCCEEDED, Optional.of(applied(specs)));
    }

    static DeployRecord failed(long sequence, ObjectNode... specs) {
        return record(sequence, DeployRecord.Outcome.FAILED, Optional.of(applied(specs)));
    }

    static String text(byte[] gzipped) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
