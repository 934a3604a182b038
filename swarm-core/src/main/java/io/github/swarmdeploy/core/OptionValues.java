package io.github.swarmdeploy.core;

import io.github.swarmdeploy.core.golang.Time;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Option values written as text (a command line, a configuration file), read and checked once, here: each failure is
 * an {@link InvalidOptionException} naming the option and the value.
 */
public final class OptionValues {

    private OptionValues() {
    }

    /** A duration in Go notation ({@code 10m}, {@code 90s}, {@code 1h30m}), not negative. */
    public static Duration duration(Option option, String text) {
        Duration value = text == null ? null : Time.parseDuration(text.strip()).map(Duration::ofNanos).orElse(null);
        if (value == null || value.isNegative()) {
            throw InvalidOptionException.of(option, text, "is not a duration; write it like 10m, 90s or 1h30m");
        }
        return value;
    }

    /** One of an enum's constants, by its name in any case ({@code plain} for {@code PLAIN}). */
    public static <E extends Enum<E>> E choice(Option option, String text, Class<E> choices) {
        String wanted = text == null ? "" : text.strip();
        for (E choice : choices.getEnumConstants()) {
            if (choice.name().equalsIgnoreCase(wanted)) {
                return choice;
            }
        }
        List<String> names = Arrays.stream(choices.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        String expected = names.size() == 2 ? "neither " + names.get(0) + " nor " + names.get(1)
                : "not " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw InvalidOptionException.of(option, text, "is " + expected);
    }

    /** {@code value}, when it is at least {@code minimum}. */
    public static int atLeast(Option option, int value, int minimum, String what) {
        if (value < minimum) {
            throw new InvalidOptionException(option, Integer.toString(value), option + " must be "
                    + (minimum == 0 ? "0 or more" : "at least " + minimum) + (what.isEmpty() ? "" : " (" + what + ")")
                    + ", was " + value);
        }
        return value;
    }
}
