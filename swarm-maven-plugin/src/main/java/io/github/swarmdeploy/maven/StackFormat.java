package io.github.swarmdeploy.maven;

import org.apache.maven.plugin.MojoFailureException;

import java.util.Locale;

/** How a read-only goal prints what it found: lines for people, or one JSON document for scripts. */
enum StackFormat {
    TEXT, JSON;

    /** {@code text} or {@code json}; failing names the parameter. */
    static StackFormat parse(String parameter, String value) throws MojoFailureException {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "", "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new MojoFailureException(parameter + ": '" + value + "' is not a format; give text or json");
        };
    }

    /**
     * A JSON document goes to standard output as it is, without the log's {@code [INFO]} prefixes, so that
     * {@code mvn -q … > status.json} gives the document alone.
     */
    static void print(String json) {
        System.out.println(json);
        System.out.flush();
    }
}
