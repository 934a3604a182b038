package io.github.swarmdeploy.core.compose.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a record component of the model says about its compose key, where its name and Java type do not
 * say it already: the key as written in a file, docker's type when the Java type is ambiguous, or that the
 * component is no key at all. The component's position is the key's place in docker's types (the order
 * {@code docker stack config} prints keys in); its Java type decides how it is read, normalised, merged,
 * printed and shown in a plan, as docker's struct tags and type-dispatched transforms decide it.
 *
 * <p>A component without this annotation is the key its name gives in snake_case ({@code stopGracePeriod}
 * is {@code stop_grace_period}), of the form its Java type gives (see {@link Form#BY_JAVA_TYPE}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ComposeKey {

    /** The key as written in a file; by default the component's name in snake_case. */
    String value() default "";

    /** docker's type, where the Java type alone does not tell it. */
    Form form() default Form.BY_JAVA_TYPE;

    /**
     * Not a key of the file: the name the object has under {@code services:} or {@code networks:}, or a
     * value found while loading (where a config's content came from).
     */
    boolean derived() default false;

    /**
     * The only words docker's conversion accepts for this string (empty: any); another one is printed by
     * {@code docker stack config} but refused when deploying, naming {@link #what()} and these words.
     */
    String[] oneOf() default {};

    /** How a message names the value when it is not one of {@link #oneOf()}: {@code "restart condition"}. */
    String what() default "";

    /** docker's types for values the Java type cannot tell apart; docker picks its transform by them. */
    enum Form {
        /**
         * What the Java type says: {@code String} (empty means not set), {@code boolean}, {@code long}
         * (int64; 0 is not set), {@code float} (a float32), {@code Duration} (Go's time.Duration; zero is not
         * set), an {@code Optional} (a Go pointer: set even to its zero value), {@code List<String>},
         * {@code Map<String, String>} (a mapping or a list of {@code key=value}), {@code Map<String,
         * Optional<String>>} (the same, a bare key having no value), a record (a struct) or a list or map of
         * records.
         */
        BY_JAVA_TYPE,
        /** A uint64 ({@code long} or {@code Optional<Long>}): refused when negative, printed unsigned. */
        UINT64,
        /** docker's StringList: one string or a list of strings. */
        STRING_LIST,
        /** docker's StringOrNumberList: a list of strings or numbers, kept as strings. */
        STRING_OR_NUMBER_LIST,
        /** docker's ShellCommand: a string is split as a shell would; a later file replaces the whole list. */
        SHELL_COMMAND,
        /** docker's HealthCheckTest: a string is a {@code CMD-SHELL} command. */
        HEALTHCHECK_TEST,
        /** docker's HostsList: {@code host:ip} from a mapping or a list of {@code host=ip}/{@code host:ip}. */
        HOSTS_LIST,
        /** docker's UnitBytes: a size such as {@code 512M}, held in bytes. */
        UNIT_BYTES,
        /** A file mode, which docker reads into a uint32 ({@code Optional<Integer>}). */
        FILE_MODE,
        /** A number of CPUs as text ({@code "0.5"}, {@code "1/2"}), which docker's conversion reads into nano CPUs. */
        NANO_CPUS
    }
}
