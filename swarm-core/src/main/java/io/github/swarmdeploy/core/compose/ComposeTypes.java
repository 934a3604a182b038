package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.model.ComposeKey;
import io.github.swarmdeploy.core.compose.model.ComposeKey.Form;
import io.github.swarmdeploy.core.compose.model.ComposeStruct;
import io.github.swarmdeploy.core.compose.model.External;
import io.github.swarmdeploy.core.compose.model.LoggingConfig;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.compose.model.ServiceNetworkConfig;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.compose.model.UlimitsConfig;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of a loaded stack as docker's compose types ({@code cli/compose/types}) give it, read from the
 * records of the model, which mirror those types: for each record its keys in component order (the order
 * {@code docker stack config} prints them in) and what kind of Go value each is, which decides how it is
 * normalised, how two files merge (mergo's rules: a zero value never overrides, pointers and slices and
 * maps each have their own behaviour) and how it is printed. A key is declared once, as a record component
 * (see {@link ComposeKey}); nothing here names a key.
 */
final class ComposeTypes {

    /** The Go kind of a field, as far as printing and merging care. */
    enum Kind {
        /** string, bool, int64, uint64, float32, Duration, UnitBytes: absent when zero; a non-zero value overrides. */
        VALUE,
        /** float32 (printed with float32 precision), otherwise a VALUE. */
        FLOAT32,
        /** *uint64: present when set (even 0), a set value always overrides. */
        POINTER_UINT,
        /** *bool, *Duration, *uint32: present when set; overrides unless the new value is zero. */
        POINTER,
        /** a struct value: fields merged one by one; omitted when all fields are zero. */
        STRUCT,
        /** a pointer to a struct: merged field by field when both are set. */
        POINTER_STRUCT,
        /** a slice: the second file's items are appended. */
        LIST,
        /** command/entrypoint: replaced by a non-empty value. */
        COMMAND,
        /** ports, volumes, secrets, configs of a service: entries keyed by one field, later ones win, sorted. */
        KEYED_LIST,
        /** map[string]string: keys merged, the later value wins. */
        STRING_MAP,
        /** map[string]*string (environment, build args): a key keeps a non-empty value unless overridden by a non-empty one. */
        NULLABLE_STRING_MAP,
        /** map[string]*ServiceNetworkConfig. */
        SERVICE_NETWORKS,
        /** map[string]*UlimitsConfig. */
        ULIMITS,
        /** *LoggingConfig. */
        LOGGING,
        /** map[string]StructType (top-level networks, volumes, secrets, configs): the later entry replaces. */
        OBJECT_MAP,
        /** the services. */
        SERVICES,
        /** external: bool or {name}. */
        EXTERNAL
    }

    /**
     * One key of a struct: its kind, the struct of its value (or of its items) when it has one, the key its
     * items are merged by, and what the model declares about it (docker's type, the words it may take).
     */
    record Field(String key, Kind kind, Type type, String listKey, Form form, List<String> oneOf, String what,
                 java.lang.reflect.Type javaType, String component) {

        Field(String key, Kind kind, Type type, String listKey) {
            this(key, kind, type, listKey, Form.BY_JAVA_TYPE, List.of(), "", null, null);
        }

        /** The Java class of the value (for an Optional or a list, of what it holds). */
        Class<?> valueClass() {
            java.lang.reflect.Type inner = javaType;
            if (inner instanceof ParameterizedType parameterized && (parameterized.getRawType() == Optional.class
                    || parameterized.getRawType() == List.class)) {
                inner = parameterized.getActualTypeArguments()[0];
            }
            return raw(inner);
        }

        /** Whether the model holds it in an Optional: a Go pointer, set even to its zero value. */
        boolean isPointer() {
            return raw(javaType) == Optional.class;
        }
    }

    /** One component of a model record: its name, its Java type, and the key it is read from, if any. */
    record Slot(String component, Class<?> raw, java.lang.reflect.Type javaType, Optional<Field> field) {
    }

    /** How a record is built from a mapping: its components in order and its canonical constructor. */
    record Decoding(List<Slot> slots, java.lang.reflect.Constructor<? extends Record> constructor) {
    }

    /** A struct: its fields in order, and whether it keeps {@code x-*} extension keys. */
    static final class Type {
        final String name;
        final Class<? extends Record> record;
        final Map<String, Field> fields = new LinkedHashMap<>();
        boolean extras;
        private volatile Decoding decoding;

        Type(String name, Class<? extends Record> record) {
            this.name = name;
            this.record = record;
        }

        List<String> keys() {
            return Collections.unmodifiableList(new ArrayList<>(fields.keySet()));
        }

        Field field(String key) {
            return fields.get(key);
        }

        /**
         * The record's components in its canonical constructor's order, each with its field (none: derived, the
         * decoder's to give), and that constructor: read once per record, not once per decoded value (reflection
         * on records parses their signatures anew at every call).
         */
        Decoding decoding() {
            Decoding known = decoding;
            if (known == null) {
                Map<String, Field> byComponent = new java.util.HashMap<>();
                fields.values().forEach(field -> byComponent.put(field.component(), field));
                RecordComponent[] components = record.getRecordComponents();
                List<Slot> slots = new ArrayList<>();
                Class<?>[] parameters = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    RecordComponent component = components[i];
                    parameters[i] = component.getType();
                    slots.add(new Slot(component.getName(), component.getType(), component.getGenericType(),
                            Optional.ofNullable(byComponent.get(component.getName()))));
                }
                try {
                    known = new Decoding(List.copyOf(slots), record.getDeclaredConstructor(parameters));
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException("record " + record.getName() + " has no canonical constructor", e);
                }
                decoding = known;
            }
            return known;
        }

        @Override
        public String toString() {
            return name + fields.values();
        }
    }

    private static final Map<Class<?>, Type> TYPES = new ConcurrentHashMap<>();

    static final Type STACK = of(StackDefinition.class);
    static final Type SERVICE = of(ServiceConfig.class);
    static final Type SERVICE_NETWORK = of(ServiceNetworkConfig.class);
    static final Type ULIMIT = of(UlimitsConfig.class);
    static final Type LOGGING = of(LoggingConfig.class);

    private ComposeTypes() {
    }

    /** The struct a model record mirrors. */
    static Type of(Class<? extends Record> record) {
        Type known = TYPES.get(record);
        if (known != null) {
            return known;
        }
        Type type = new Type(record.getSimpleName(), record);
        ComposeStruct struct = record.getAnnotation(ComposeStruct.class);
        type.extras = struct != null && struct.extensions();
        TYPES.put(record, type);
        for (RecordComponent component : record.getRecordComponents()) {
            ComposeKey declared = component.getAnnotation(ComposeKey.class);
            if (declared != null && declared.derived()) {
                continue;
            }
            String key = declared != null && !declared.value().isEmpty() ? declared.value() : snakeCase(component.getName());
            Form form = declared == null ? Form.BY_JAVA_TYPE : declared.form();
            type.fields.put(key, field(key, component.getGenericType(), form,
                    declared == null ? List.of() : List.of(declared.oneOf()), declared == null ? "" : declared.what(),
                    component.getName()));
        }
        return type;
    }

    private static Field field(String key, java.lang.reflect.Type javaType, Form form, List<String> oneOf, String what,
                               String component) {
        Class<?> raw = raw(javaType);
        Kind kind;
        Type type = null;
        String listKey = null;
        if (raw == Optional.class) {
            Class<?> inner = raw(argument(javaType, 0));
            if (inner == LoggingConfig.class) {
                kind = Kind.LOGGING;
                type = of(LoggingConfig.class);
            } else if (inner.isRecord()) {
                kind = Kind.POINTER_STRUCT;
                type = of(inner.asSubclass(Record.class));
            } else {
                kind = form == Form.UINT64 ? Kind.POINTER_UINT : Kind.POINTER;
            }
        } else if (raw == List.class) {
            Class<?> item = raw(argument(javaType, 0));
            if (form == Form.SHELL_COMMAND) {
                kind = Kind.COMMAND;
            } else if (item.isRecord()) {
                type = of(item.asSubclass(Record.class));
                ComposeStruct struct = item.getAnnotation(ComposeStruct.class);
                listKey = struct == null || struct.mergeKey().isEmpty() ? null : struct.mergeKey();
                kind = listKey == null ? Kind.LIST : Kind.KEYED_LIST;
            } else {
                kind = Kind.LIST;
            }
        } else if (raw == Map.class) {
            java.lang.reflect.Type value = argument(javaType, 1);
            Class<?> valueClass = raw(value);
            if (valueClass == String.class) {
                kind = Kind.STRING_MAP;
            } else if (valueClass == Optional.class && raw(argument(value, 0)) == String.class) {
                kind = Kind.NULLABLE_STRING_MAP;
            } else if (valueClass == Optional.class && raw(argument(value, 0)) == ServiceNetworkConfig.class) {
                kind = Kind.SERVICE_NETWORKS;
                type = of(ServiceNetworkConfig.class);
            } else if (valueClass == UlimitsConfig.class) {
                kind = Kind.ULIMITS;
                type = of(UlimitsConfig.class);
            } else if (valueClass == ServiceConfig.class) {
                kind = Kind.SERVICES;
                type = of(ServiceConfig.class);
            } else {
                kind = Kind.OBJECT_MAP;
                type = of(valueClass.asSubclass(Record.class));
            }
        } else if (raw == External.class) {
            kind = Kind.EXTERNAL;
        } else if (raw.isRecord()) {
            kind = Kind.STRUCT;
            type = of(raw.asSubclass(Record.class));
        } else {
            kind = raw == float.class ? Kind.FLOAT32 : Kind.VALUE;
        }
        return new Field(key, kind, type, listKey, form, oneOf, what, javaType, component);
    }

    private static java.lang.reflect.Type argument(java.lang.reflect.Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    static Class<?> raw(java.lang.reflect.Type type) {
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return (Class<?>) type;
    }

    /** {@code stopGracePeriod} → {@code stop_grace_period}, {@code ipv4Address} → {@code ipv4_address}. */
    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
