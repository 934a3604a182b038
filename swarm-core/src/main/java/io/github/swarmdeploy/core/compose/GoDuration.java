package io.github.swarmdeploy.core.compose;

import java.time.Duration;

/**
 * A duration as docker's compose types hold it (Go's {@code time.Duration}, nanoseconds), written back
 * the way Go prints it ({@code 1m30s}, {@code 500ms}).
 */
record GoDuration(long nanos) {

    Duration toDuration() {
        return Duration.ofNanos(nanos);
    }

    boolean isZero() {
        return nanos == 0;
    }

    @Override
    public String toString() {
        return GoValues.formatDuration(nanos);
    }
}
