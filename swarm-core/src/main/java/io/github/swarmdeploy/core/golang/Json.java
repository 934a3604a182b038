package io.github.swarmdeploy.core.golang;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Go's encoding/json with {@code omitempty}: docker's types leave zero values out of the JSON it sends.
 * docker-java writes null for an unset field, which the engine reads as "not set" too, so every zero value
 * becomes null.
 */
public final class Json {

    private Json() {
    }

    public static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }

    public static <T> List<T> orNull(List<T> value) {
        return value.isEmpty() ? null : value;
    }

    public static <K, V> Map<K, V> orNull(Map<K, V> value) {
        return value.isEmpty() ? null : value;
    }

    public static Boolean orNull(boolean value) {
        return value ? Boolean.TRUE : null;
    }

    public static Long orNull(long value) {
        return value == 0 ? null : value;
    }

    /** A duration as Go's {@code time.Duration}: nanoseconds; zero left out. */
    public static Long nanosOrNull(Duration value) {
        return value.isZero() ? null : value.toNanos();
    }
}
