package io.github.swarmdeploy.core;

import java.util.Objects;

/**
 * An option was given a value swarm-deploy cannot use: a duration that is none, a count below its minimum, a word
 * that is not one of the choices, a required option not given. Nothing was changed. The message names the option
 * the library's way ({@link Option#toString()}); {@link #option()} and {@link #value()} say which and what, for a
 * front-end that words it its own way.
 */
public class InvalidOptionException extends SwarmDeployException {

    private final Option option;
    private final String value;

    /**
     * @param value   the value as given ({@code ""} when none was)
     * @param message the whole message, naming the option
     */
    public InvalidOptionException(Option option, String value, String message) {
        super(message);
        this.option = Objects.requireNonNull(option, "option");
        this.value = value == null ? "" : value;
    }

    /** {@code <option>: '<value>' <problem>}, e.g. {@code LockOptions.lease: '500ms' is too short; give at least 1s}. */
    public static InvalidOptionException of(Option option, String value, String problem) {
        return new InvalidOptionException(option, value, option + ": '" + value + "' " + problem);
    }

    /** The option whose value is wrong or missing. */
    public Option option() {
        return option;
    }

    /** The value as given; {@code ""} when none was. */
    public String value() {
        return value;
    }
}
