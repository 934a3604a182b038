package io.github.swarmdeploy.core.compose;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variable substitution in one string, exactly as docker's {@code cli/compose/template}: {@code $$},
 * {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}},
 * {@code ${VAR:?message}}, {@code ${VAR?message}}, tried in docker's order and with docker's quirks
 * (an unbraced {@code $VAR-default} takes a default up to the next {@code }}; a later substitution in
 * the same string clears the error of an earlier one).
 */
final class Template {

    private static final String SUBST = "[_a-z][_a-z0-9]*(?::?[-?][^}]*)?";
    private static final Pattern PATTERN = Pattern.compile(
            "\\$(?i:(?<escaped>\\$)|(?<named>" + SUBST + ")|\\{(?<braced>" + SUBST + ")\\}|(?<invalid>))");

    /** Called for a variable used without default that has no value; docker substitutes "". */
    interface UnsetListener {
        void unset(String variable);
    }

    /** The substituted text, or the reason it cannot be substituted; {@code tooLong}: it would exceed the limit given. */
    record Result(String value, String error, boolean tooLong) {

        Result(String value, String error) {
            this(value, error, false);
        }

        boolean failed() {
            return error != null || tooLong;
        }
    }

    private Template() {
    }

    static Result substitute(String template, Function<String, Optional<String>> lookup, UnsetListener unset) {
        return substitute(template, lookup, unset, Long.MAX_VALUE);
    }

    /** Stops as soon as the text would be longer than {@code maxLength} characters: a result {@link Result#tooLong()}. */
    static Result substitute(String template, Function<String, Optional<String>> lookup, UnsetListener unset, long maxLength) {
        Matcher matcher = PATTERN.matcher(template);
        StringBuilder out = new StringBuilder();
        String error = null;
        int last = 0;
        while (matcher.find()) {
            if (out.length() > maxLength) {
                return new Result(null, null, true);
            }
            out.append(template, last, matcher.start());
            last = matcher.end();
            String escaped = matcher.group("escaped");
            if (escaped != null && !escaped.isEmpty()) {
                out.append(escaped);
                continue;
            }
            String substitution = matcher.group("named");
            if (substitution == null || substitution.isEmpty()) {
                substitution = matcher.group("braced");
            }
            if (substitution == null || substitution.isEmpty()) {
                error = "invalid interpolation format in \"" + template + "\"; you may need to escape any $ with another $";
                continue;
            }
            Applied applied = null;
            for (int i = 0; i < 4 && applied == null; i++) {
                applied = switch (i) {
                    case 0 -> softDefault(substitution, lookup);
                    case 1 -> hardDefault(substitution, lookup);
                    case 2 -> required(substitution, lookup, ":?", true);
                    default -> required(substitution, lookup, "?", false);
                };
                error = applied == null ? null : applied.error();
            }
            if (applied != null) {
                if (applied.error() == null) {
                    out.append(applied.value());
                }
                continue;
            }
            Optional<String> value = lookup.apply(substitution);
            if (value.isEmpty()) {
                unset.unset(substitution);
            }
            out.append(value.orElse(""));
        }
        out.append(template.substring(last));
        if (out.length() > maxLength) {
            return new Result(null, null, true);
        }
        return new Result(out.toString(), error);
    }

    private record Applied(String value, String error) {
    }

    private static Applied softDefault(String substitution, Function<String, Optional<String>> lookup) {
        int sep = substitution.indexOf(":-");
        if (sep < 0) {
            return null;
        }
        Optional<String> value = lookup.apply(substitution.substring(0, sep));
        return new Applied(value.filter(v -> !v.isEmpty()).orElse(substitution.substring(sep + 2)), null);
    }

    private static Applied hardDefault(String substitution, Function<String, Optional<String>> lookup) {
        int sep = substitution.indexOf('-');
        if (sep < 0) {
            return null;
        }
        Optional<String> value = lookup.apply(substitution.substring(0, sep));
        return new Applied(value.orElse(substitution.substring(sep + 1)), null);
    }

    private static Applied required(String substitution, Function<String, Optional<String>> lookup, String sep, boolean nonEmpty) {
        int at = substitution.indexOf(sep);
        if (at < 0) {
            return null;
        }
        String name = substitution.substring(0, at);
        String message = substitution.substring(at + sep.length());
        Optional<String> value = lookup.apply(name);
        if (value.isEmpty() || (nonEmpty && value.get().isEmpty())) {
            return new Applied("", "required variable " + name + " is missing a value: " + message);
        }
        return new Applied(value.get(), null);
    }
}
