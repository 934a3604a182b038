package io.github.swarmdeploy.core.golang;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Go's strconv: integers and floats read and written as Go reads and writes them. */
public final class Strconv {

    private static final Pattern GO_FLOAT = Pattern.compile("^[-+]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?|(?i:inf|infinity|nan))$");
    private static final Pattern GO_DECIMAL_INT = Pattern.compile("^[-+]?[0-9]+$");

    private Strconv() {
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} then {@code ParseUint(s, 0, 64)}: sign, 0x/0o/0b/0 prefixes. */
    static Object parseIntBase0(String s) {
        if (s.isEmpty()) {
            return null;
        }
        boolean negative = false;
        String body = s;
        if (body.charAt(0) == '+' || body.charAt(0) == '-') {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        int radix = 10;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x') {
                radix = 16;
                body = body.substring(2);
            } else if (p == 'o') {
                radix = 8;
                body = body.substring(2);
            } else if (p == 'b') {
                radix = 2;
                body = body.substring(2);
            } else {
                radix = 8;
                body = body.substring(1);
            }
        }
        return parseUnsignedDigits(body, radix, negative);
    }

    static Object parseUnsignedDigits(String digits, int radix, boolean negative) {
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(digits, radix);
        if (negative) {
            value = value.negate();
        }
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        if (!negative && value.bitLength() == 64) {
            return value;
        }
        return null;
    }

    /** Go's {@code strconv.Atoi}: optional sign and decimal digits, 64-bit range. */
    public static Optional<Long> atoi(String s) {
        if (!GO_DECIMAL_INT.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Go's {@code strconv.ParseFloat(s, 64)} for decimal notation, inf/infinity and nan. */
    public static Optional<Double> parseFloat(String s) {
        if (!GO_FLOAT.matcher(s).matches()) {
            return Optional.empty();
        }
        String lower = s.toLowerCase(Locale.ROOT);
        boolean negative = lower.startsWith("-");
        String body = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (body.equals("inf") || body.equals("infinity")) {
            return Optional.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (body.equals("nan")) {
            return Optional.of(Double.NaN);
        }
        double value = Double.parseDouble(s);
        if (Double.isInfinite(value)) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** {@code strconv.FormatFloat(f, 'g', -1, 64)}, which is what {@code %v} prints for a float64. */
    public static String formatFloat(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        BigDecimal shortest = shortestDecimal(f);
        String sign = shortest.signum() < 0 ? "-" : "";
        BigDecimal abs = shortest.abs().stripTrailingZeros();
        String digits = abs.unscaledValue().toString();
        int exponent = digits.length() - 1 - abs.scale();
        // %v is 'g' with the shortest precision: exponent form when exp < -4 || exp >= 6
        if (exponent < -4 || exponent >= 6) {
            return sign + exponentForm(digits, exponent);
        }
        return sign + abs.toPlainString();
    }

    private static String exponentForm(String digits, int exponent) {
        StringBuilder out = new StringBuilder();
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }

    /** The decimal with the fewest digits that reads back as exactly {@code f}. */
    private static BigDecimal shortestDecimal(double f) {
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = new BigDecimal(f).round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == f) {
                return candidate;
            }
        }
        return new BigDecimal(f);
    }
}
