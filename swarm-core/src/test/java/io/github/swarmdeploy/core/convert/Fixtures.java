package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.FileObjectConfig;
import io.github.swarmdeploy.core.compose.model.NetworkConfig;
import io.github.swarmdeploy.core.compose.model.ObjectContent;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.compose.model.VolumeConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small stack definitions built in tests, and the JSON the engine would receive for a converted object. */
final class Fixtures {

    /** docker-java's own mapper, as its commands and {@code DesiredService} serialise with. */
    static final ObjectMapper JSON = DefaultDockerClientConfig.createDefaultConfigBuilder().build().getObjectMapper();
    static final String STACK = "app";

    private Fixtures() {
    }

    static ServiceConfig.Builder service(String name) {
        return ServiceConfig.builder(name).image("nginx:1.27");
    }

    /** A stack whose definition has the given services and top-level objects. */
    static final class Stack {
        private final Map<String, ServiceConfig> services = new LinkedHashMap<>();
        private final Map<String, NetworkConfig> networks = new LinkedHashMap<>();
        private final Map<String, VolumeConfig> volumes = new LinkedHashMap<>();
        private final Map<String, FileObjectConfig> configs = new LinkedHashMap<>();
        private final Map<String, FileObjectConfig> secrets = new LinkedHashMap<>();
        private final Map<String, Position> positions = new LinkedHashMap<>();

        Stack with(ServiceConfig.Builder service) {
            ServiceConfig built = service.build();
            services.put(built.name(), built);
            return this;
        }

        Stack network(NetworkConfig network) {
            networks.put(network.key(), network);
            return this;
        }

        Stack volume(VolumeConfig volume) {
            volumes.put(volume.key(), volume);
            return this;
        }

        Stack config(FileObjectConfig config) {
            configs.put(config.key(), config);
            return this;
        }

        Stack secret(FileObjectConfig secret) {
            secrets.put(secret.key(), secret);
            return this;
        }

        Stack position(String keyPath, int line, int column) {
            positions.put(keyPath, new Position("stack.yml", line, column));
            return this;
        }

        StackDefinition definition() {
            return new StackDefinition("3.9", List.of(Path.of("stack.yml")), Path.of("."), services, networks, volumes,
                    secrets, configs, positions);
        }

        DesiredStack convert() {
            return convert(ObjectNamer.DOCKER);
        }

        DesiredStack convert(ObjectNamer namer) {
            return new StackConverter(namer).convert(STACK, definition());
        }

        /** The spec of the one service named {@code name}, as JSON without nulls. */
        JsonNode spec(String name) {
            return json(convert().service(name).orElseThrow().spec());
        }
    }

    static Stack stack() {
        return new Stack();
    }

    static NetworkConfig network(String key, UnaryOperator<NetworkConfig> change) {
        return change.apply(new NetworkConfig(key, null, null, null, null, null, false, false, null));
    }

    static VolumeConfig volume(String key) {
        return new VolumeConfig(key, null, null, null, null, null, null);
    }

    static FileObjectConfig fileObject(String key, String content) {
        return new FileObjectConfig(key, "", "/tmp/" + key, ObjectContent.ofText(content), "", External.NO,
                Map.of(), "", Map.of(), "", FileObjectConfig.Source.FILE, java.util.Optional.empty());
    }

    static FileObjectConfig externalObject(String key, String name) {
        return new FileObjectConfig(key, name, "", ObjectContent.NONE, "", new External(true, ""),
                Map.of(), "", Map.of(), "", FileObjectConfig.Source.EXTERNAL, java.util.Optional.empty());
    }

    /** The JSON docker-java sends for {@code value}, with null fields left out (the engine reads both alike). */
    static JsonNode json(Object value) {
        try {
            return withoutNulls(JSON.readTree(JSON.writeValueAsString(value)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(ServiceSpec spec, String pointer) {
        return json(spec).at(pointer);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Equal as JSON (field order aside); on failure both are shown pretty-printed. */
    static void assertJson(String expected, JsonNode actual) {
        JsonNode wanted = parse(expected);
        if (!wanted.equals(actual)) {
            assertEquals(wanted.toPrettyString(), actual.toPrettyString());
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    nulls.add(field.getKey());
                } else {
                    withoutNulls(field.getValue());
                }
            }
            object.remove(nulls);
        } else if (node instanceof ArrayNode array) {
            array.forEach(Fixtures::withoutNulls);
        }
        return node;
    }
}
