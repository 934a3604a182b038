package io.github.swarmdeploy.core.compose.model;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/** A record as its components' values by name, and back: what a builder needs without naming every component. */
final class RecordValues {

    private RecordValues() {
    }

    static Map<String, Object> of(Record record) {
        Map<String, Object> values = new HashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                values.put(component.getName(), component.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    /** The record with these values; a component without one gets null (the canonical constructor's zero) or 0/false. */
    static <R extends Record> R build(Class<R> type, Map<String, Object> values) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameters = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            parameters[i] = components[i].getType();
            Object value = values.get(components[i].getName());
            arguments[i] = value != null || !parameters[i].isPrimitive() ? value
                    : parameters[i] == boolean.class ? (Object) false
                    : parameters[i] == float.class ? (Object) 0f
                    : parameters[i] == int.class ? (Object) 0 : (Object) 0L;
        }
        try {
            return type.getDeclaredConstructor(parameters).newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
