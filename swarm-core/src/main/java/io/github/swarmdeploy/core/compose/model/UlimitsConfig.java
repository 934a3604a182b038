package io.github.swarmdeploy.core.compose.model;

/** One ulimit: either {@code single} (both limits) or {@code soft}/{@code hard}. */
public record UlimitsConfig(
        @ComposeKey(derived = true) int single,
        int soft,
        int hard) {
}
