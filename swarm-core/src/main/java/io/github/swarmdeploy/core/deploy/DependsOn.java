package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code depends_on: [db]} makes a deploy wait for before it creates or updates a dependent service.
 * Swarm itself knows no {@code depends_on} (docker stack deploy ignores it); Compose defines the short form as
 * "started".
 */
public enum DependsOn {

    /**
     * Compose's meaning of the short form (the default): a dependent is created or updated once every task of
     * the current version of each service it depends on has started (its container runs; a healthcheck may still
     * be pending).
     */
    STARTED("started"),
    /**
     * Once every task of the current version of each dependency runs and is healthy (where it has a
     * healthcheck): Compose's {@code condition: service_healthy}, for every {@code depends_on}. Each level of a
     * chain then costs its dependency's first healthcheck.
     */
    HEALTHY("healthy"),
    /** docker stack deploy's: no order at all, every service is created or updated at once. */
    IGNORE("ignore");

    private final String text;

    DependsOn(String text) {
        this.text = text;
    }

    /** As a user writes it: {@code started}, {@code healthy}, {@code ignore}. */
    public String text() {
        return text;
    }

    /** The mode written {@code text} (any case, surrounding blanks ignored); empty for anything else. */
    public static Optional<DependsOn> parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.text.equals(wanted)).findFirst();
    }

    /**
     * The mode written {@code text}, as {@link #parse} reads it.
     *
     * @throws InvalidOptionException naming the choices, for anything else
     */
    public static DependsOn of(String text) {
        return parse(text).orElseThrow(() -> InvalidOptionException.of(Option.DEPENDS_ON, text,
                "is not a depends_on mode; give " + choices()));
    }

    /** {@code started, healthy or ignore}, for messages. */
    public static String choices() {
        String all = Arrays.stream(values()).map(DependsOn::text).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
