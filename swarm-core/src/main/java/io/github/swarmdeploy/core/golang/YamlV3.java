package io.github.swarmdeploy.core.golang;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * gopkg.in/yaml.v3, the YAML library docker reads compose files with: what an unquoted scalar means
 * when decoded into {@code interface{}}.
 */
public final class YamlV3 {

    private static final Pattern YAML_STYLE_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");

    private YamlV3() {
    }

    /**
     * What yaml.v3 makes of an unquoted, untagged scalar when decoding into {@code interface{}}:
     * null, Boolean, Long (BigInteger when it only fits unsigned 64 bits), Double, else the String.
     * Dates and times become {@link Time.Timestamp} (a Go {@code time.Time}).
     */
    public static Object resolvePlain(String in) {
        switch (in) {
            case "", "~", "null", "Null", "NULL":
                return null;
            case "true", "True", "TRUE":
                return Boolean.TRUE;
            case "false", "False", "FALSE":
                return Boolean.FALSE;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char first = in.charAt(0);
        if (first == '.') {
            Optional<Double> value = Strconv.parseFloat(in);
            return value.isPresent() ? value.get() : in;
        }
        if (first != '+' && first != '-' && (first < '0' || first > '9')) {
            return in;
        }
        Optional<Time.Timestamp> timestamp = Time.Timestamp.parse(in);
        if (timestamp.isPresent()) {
            return timestamp.get();
        }
        String plain = in.replace("_", "");
        Object integer = Strconv.parseIntBase0(plain);
        if (integer != null) {
            return integer;
        }
        if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
            Optional<Double> value = Strconv.parseFloat(plain);
            if (value.isPresent()) {
                return value.get();
            }
        }
        if (plain.startsWith("0b") || plain.startsWith("-0b") || plain.startsWith("0o") || plain.startsWith("-0o")) {
            boolean negative = plain.startsWith("-");
            String digits = plain.substring(negative ? 3 : 2);
            int radix = plain.charAt(negative ? 2 : 1) == 'b' ? 2 : 8;
            Object value = Strconv.parseUnsignedDigits(digits, radix, negative);
            if (value != null) {
                return value;
            }
        }
        return in;
    }
}
