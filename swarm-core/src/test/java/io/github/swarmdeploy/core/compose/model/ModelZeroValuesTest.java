package io.github.swarmdeploy.core.compose.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelZeroValuesTest {

    @Test
    void unsetServiceKeysReadAsDockersZeroValues() {
        ServiceConfig service = ServiceConfig.builder("web").image("nginx").build();

        assertEquals("", service.user());
        assertTrue(service.command().isEmpty());
        assertTrue(service.deploy().replicas().isEmpty(), "replicas is a pointer in docker: unset differs from 0");
        assertEquals("", service.deploy().mode());
        assertTrue(service.deploy().placement().constraints().isEmpty());
        assertTrue(service.healthcheck().isEmpty());
        assertFalse(service.credentialSpec().file().length() > 0);
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        java.util.ArrayList<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "true"));
        ServiceConfig service = ServiceConfig.builder("job").command(command).build();
        command.add("changed");

        assertEquals(List.of("sh", "-c", "true"), service.command());
        assertThrows(UnsupportedOperationException.class, () -> service.command().add("x"));
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ServiceConfig original = ServiceConfig.builder("db").image("postgres").user("999").tty(true).build();

        assertEquals(original, original.toBuilder().build());
        assertEquals("1000", original.toBuilder().user("1000").build().user());
    }

    /** The builder keeps its values by component name: each setter must set the component it is named after. */
    @Test
    void everyBuilderSetterSetsTheComponentOfItsName() throws ReflectiveOperationException {
        java.util.List<String> components = java.util.Arrays.stream(ServiceConfig.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        java.util.List<String> setters = new java.util.ArrayList<>();
        for (java.lang.reflect.Method setter : ServiceConfig.Builder.class.getMethods()) {
            if (setter.getReturnType() != ServiceConfig.Builder.class) {
                continue;
            }
            setters.add(setter.getName());
            Object value = sample(setter.getGenericParameterTypes()[0]);
            ServiceConfig built = ((ServiceConfig.Builder) setter.invoke(ServiceConfig.builder("s"), value)).build();

            assertEquals(value, ServiceConfig.class.getMethod(setter.getName()).invoke(built), setter.getName());
        }
        assertEquals(new java.util.TreeSet<>(components), new java.util.TreeSet<>(setters));
    }

    /** A value of the type that is not its zero value. */
    private static Object sample(java.lang.reflect.Type type) throws ReflectiveOperationException {
        if (type instanceof java.lang.reflect.ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            java.lang.reflect.Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == java.util.Optional.class) {
                return java.util.Optional.of(sample(arguments[0]));
            }
            if (raw == List.class) {
                return List.of(sample(arguments[0]));
            }
            return java.util.Map.of("k", sample(arguments[1]));
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return "x";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == long.class || raw == Long.class) {
            return 7L;
        }
        if (raw == int.class || raw == Integer.class) {
            return 7;
        }
        if (raw == java.time.Duration.class) {
            return java.time.Duration.ofSeconds(7);
        }
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        java.lang.reflect.RecordComponent first = raw.getRecordComponents()[0];
        values.put(first.getName(), sample(first.getGenericType()));
        return RecordValues.build(raw.asSubclass(Record.class), values);
    }

    @Test
    void objectContentNeverShowsItsBytes() {
        ObjectContent secret = ObjectContent.ofText("hunter2");
        FileObjectConfig config = new FileObjectConfig("db_password", "", "", secret, "", null,
                null, null, null, null, FileObjectConfig.Source.CONTENT, null);

        assertFalse(config.toString().contains("hunter2"));
        assertEquals("<7 bytes>", secret.toString());
        assertEquals(ObjectContent.ofText("hunter2"), secret);
    }
}
