package io.github.swarmdeploy.core.compose;

import java.time.Duration;
import java.util.Optional;

/**
 * Durations written as compose files and the docker CLI write them ({@code 10m}, {@code 1m30s},
 * {@code 500ms}): Go's {@code time.ParseDuration}, for front-ends whose settings use the same notation
 * (e.g. {@code swarm.timeout}).
 */
public final class DurationText {

    private DurationText() {
    }

    /** The duration, or empty when {@code text} is not one. */
    public static Optional<Duration> parse(String text) {
        return text == null ? Optional.empty() : GoValues.parseDuration(text.strip()).map(Duration::ofNanos);
    }
}
