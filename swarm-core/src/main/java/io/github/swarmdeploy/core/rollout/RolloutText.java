package io.github.swarmdeploy.core.rollout;

import java.time.Duration;

/** Wording shared by progress lines and verdicts. */
final class RolloutText {

    private RolloutText() {
    }

    /** {@code 850ms}, {@code 12.4s}, {@code 3m05s}. */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }

    /** The constant named like {@code text} ignoring case, {@code blank} when empty, {@code unknown} when no such. */
    static <E extends Enum<E>> E constant(Class<E> type, String text, E blank, E unknown) {
        if (text == null || text.isBlank()) {
            return blank;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return unknown;
        }
    }

    /** Task errors can hold newlines; a progress line must not. */
    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
