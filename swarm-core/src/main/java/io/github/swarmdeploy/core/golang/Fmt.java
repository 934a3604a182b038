package io.github.swarmdeploy.core.golang;

/** Go's fmt: how {@code %v} prints the values a decoded YAML document holds. */
public final class Fmt {

    private Fmt() {
    }

    /** {@code fmt.Sprint(v)} for the values a decoded YAML document holds. */
    public static String sprint(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof Double d) {
            return Strconv.formatFloat(d);
        }
        return value.toString();
    }
}
