package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.golang.Time;
import java.time.Duration;
import java.util.Optional;

/**
 * Durations written as compose files and the docker CLI write them ({@code 10m}, {@code 1m30s},
 * {@code 500ms}): Go's {@code time.ParseDuration} and {@code Duration.String}, for settings in the same
 * notation (e.g. a deploy's timeout) and for showing durations of specs (nanoseconds) to people.
 */
public final class DurationText {

    private DurationText() {
    }

    /** Go's notation for a duration: {@code 2s}, {@code 1m30s}, {@code 500ms}. */
    public static String format(Duration duration) {
        return Time.formatDuration(duration.toNanos());
    }

    /** The duration, or empty when {@code text} is not one. */
    public static Optional<Duration> parse(String text) {
        return text == null ? Optional.empty() : Time.parseDuration(text.strip()).map(Duration::ofNanos);
    }
}
