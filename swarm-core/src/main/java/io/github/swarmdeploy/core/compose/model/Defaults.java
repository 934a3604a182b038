package io.github.swarmdeploy.core.compose.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns nulls into the model's zero values in canonical constructors (see the package documentation). */
final class Defaults {

    private Defaults() {
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** An unmodifiable copy that keeps the source's iteration order. */
    static <K, V> Map<K, V> map(Map<K, V> value) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(value));
    }

    static <T> Optional<T> optional(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
