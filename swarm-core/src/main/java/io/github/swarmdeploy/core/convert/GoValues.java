package io.github.swarmdeploy.core.convert;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code omitempty}: docker's types leave zero values out of the JSON it sends. docker-java writes
 * null for an unset field, which the engine reads as "not set" too, so every zero value becomes null.
 */
final class GoValues {

    /** Go compares strings by their UTF-8 bytes ({@code sort.Strings}). */
    static final Comparator<String> STRING_ORDER = GoValues::compareUtf8;

    private GoValues() {
    }

    static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }

    static <T> List<T> orNull(List<T> value) {
        return value.isEmpty() ? null : value;
    }

    static <K, V> Map<K, V> orNull(Map<K, V> value) {
        return value.isEmpty() ? null : value;
    }

    static Boolean orNull(boolean value) {
        return value ? Boolean.TRUE : null;
    }

    static Long orNull(long value) {
        return value == 0 ? null : value;
    }

    /** A duration as Go's {@code time.Duration}: nanoseconds; zero left out. */
    static Long nanosOrNull(Duration value) {
        return value.isZero() ? null : value.toNanos();
    }

    private static int compareUtf8(String left, String right) {
        byte[] a = left.getBytes(StandardCharsets.UTF_8);
        byte[] b = right.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
