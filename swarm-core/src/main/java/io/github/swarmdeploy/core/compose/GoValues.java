package io.github.swarmdeploy.core.compose;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How docker's Go code reads and writes plain values, so that a compose file means the same to us as
 * to {@code docker stack deploy}: yaml.v3's resolution of unquoted scalars, {@code fmt.Sprint},
 * {@code strconv.Atoi}/{@code ParseFloat}, {@code time.ParseDuration} and {@code Duration.String},
 * go-units' {@code RAMInBytes}, google/shlex's {@code Split}.
 */
final class GoValues {

    private GoValues() {
    }

    private static final Pattern YAML_STYLE_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern GO_FLOAT = Pattern.compile("^[-+]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?|(?i:inf|infinity|nan))$");
    private static final Pattern GO_DECIMAL_INT = Pattern.compile("^[-+]?[0-9]+$");

    // ---------------------------------------------------------------- yaml.v3 scalar resolution

    /**
     * What yaml.v3 makes of an unquoted, untagged scalar when decoding into {@code interface{}}:
     * null, Boolean, Long (BigInteger when it only fits unsigned 64 bits), Double, else the String.
     * Dates and times become {@link GoTimestamp} (a Go {@code time.Time}).
     */
    static Object resolvePlain(String in) {
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
            Optional<Double> value = parseFloat(in);
            return value.isPresent() ? value.get() : in;
        }
        if (first != '+' && first != '-' && (first < '0' || first > '9')) {
            return in;
        }
        Optional<GoTimestamp> timestamp = GoTimestamp.parse(in);
        if (timestamp.isPresent()) {
            return timestamp.get();
        }
        String plain = in.replace("_", "");
        Object integer = parseIntBase0(plain);
        if (integer != null) {
            return integer;
        }
        if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
            Optional<Double> value = parseFloat(plain);
            if (value.isPresent()) {
                return value.get();
            }
        }
        if (plain.startsWith("0b") || plain.startsWith("-0b") || plain.startsWith("0o") || plain.startsWith("-0o")) {
            boolean negative = plain.startsWith("-");
            String digits = plain.substring(negative ? 3 : 2);
            int radix = plain.charAt(negative ? 2 : 1) == 'b' ? 2 : 8;
            Object value = parseUnsignedDigits(digits, radix, negative);
            if (value != null) {
                return value;
            }
        }
        return in;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} then {@code ParseUint(s, 0, 64)}: sign, 0x/0o/0b/0 prefixes. */
    private static Object parseIntBase0(String s) {
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

    private static Object parseUnsignedDigits(String digits, int radix, boolean negative) {
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

    // ---------------------------------------------------------------- strconv

    /** Go's {@code strconv.Atoi}: optional sign and decimal digits, 64-bit range. */
    /**
     * Go's {@code uint64(f)} for a float64 {@code f >= 0} on amd64 (what docker runs on): exact below 2^64,
     * 2^63 from there on (the processor's "integer indefinite").
     */
    static BigInteger floatToUint64(double f) {
        if (f >= 0x1p64) {
            return BigInteger.ONE.shiftLeft(63);
        }
        return new BigDecimal(f).toBigInteger();
    }

    static Optional<Long> atoi(String s) {
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
    static Optional<Double> parseFloat(String s) {
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

    // ---------------------------------------------------------------- fmt.Sprint

    /** {@code fmt.Sprint(v)} for the values a decoded YAML document holds. */
    static String sprint(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof Double d) {
            return formatFloat(d);
        }
        return value.toString();
    }

    /** {@code strconv.FormatFloat(f, 'g', -1, 64)}, which is what {@code %v} prints for a float64. */
    static String formatFloat(double f) {
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

    // ---------------------------------------------------------------- time.Duration

    private static final long NANOSECOND = 1;
    private static final long MICROSECOND = 1000 * NANOSECOND;
    private static final long MILLISECOND = 1000 * MICROSECOND;
    private static final long SECOND = 1000 * MILLISECOND;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private static long unit(String name) {
        return switch (name) {
            case "ns" -> NANOSECOND;
            case "us", "\u00b5s", "\u03bcs" -> MICROSECOND;
            case "ms" -> MILLISECOND;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> -1;
        };
    }

    /** Go's {@code time.ParseDuration}: {@code 1m30s}, {@code 1.5h}, {@code 500ms}, {@code -2s}, {@code 0}. */
    static Optional<Long> parseDuration(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(0L);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        BigInteger total = BigInteger.ZERO;
        BigInteger limit = BigInteger.ONE.shiftLeft(63);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return Optional.empty();
            }
            int start = i;
            BigInteger whole = BigInteger.ZERO;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                whole = whole.multiply(BigInteger.TEN).add(BigInteger.valueOf(s.charAt(i) - '0'));
                if (whole.compareTo(limit) > 0) {
                    return Optional.empty();
                }
                i++;
            }
            boolean pre = i != start;
            boolean post = false;
            long fraction = 0;
            double scale = 1;
            boolean overflow = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    if (!overflow) {
                        if (fraction > (Long.MAX_VALUE - 9) / 10) {
                            overflow = true;
                        } else {
                            fraction = fraction * 10 + (s.charAt(i) - '0');
                            scale *= 10;
                        }
                    }
                    i++;
                }
                post = i != fracStart;
            }
            if (!pre && !post) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
                i++;
            }
            if (unitStart == i) {
                return Optional.empty();
            }
            long unit = unit(s.substring(unitStart, i));
            if (unit < 0) {
                return Optional.empty();
            }
            BigInteger value = whole.multiply(BigInteger.valueOf(unit));
            if (whole.compareTo(limit.divide(BigInteger.valueOf(unit))) > 0) {
                return Optional.empty();
            }
            if (fraction > 0) {
                value = value.add(BigInteger.valueOf((long) ((double) fraction * ((double) unit / scale))));
                if (value.compareTo(limit) > 0) {
                    return Optional.empty();
                }
            }
            total = total.add(value);
            if (total.compareTo(limit) > 0) {
                return Optional.empty();
            }
        }
        if (negative) {
            return Optional.of(total.negate().longValue());
        }
        if (total.compareTo(limit.subtract(BigInteger.ONE)) > 0) {
            return Optional.empty();
        }
        return Optional.of(total.longValue());
    }

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 1m30s}, {@code 1h0m0s}, {@code 1.5s}, {@code 500ms}. */
    static String formatDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        BigInteger u = BigInteger.valueOf(nanos).abs();
        StringBuilder out = new StringBuilder();
        if (u.compareTo(BigInteger.valueOf(SECOND)) < 0) {
            long v = u.longValue();
            String unit;
            int precision;
            if (v < MICROSECOND) {
                unit = "ns";
                precision = 0;
            } else if (v < MILLISECOND) {
                unit = "\u00b5s";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            out.append(withFraction(v, precision)).append(unit);
        } else {
            String seconds = withFractionUnsigned(u, 9);
            BigInteger totalSeconds = u.divide(BigInteger.valueOf(SECOND));
            BigInteger sixty = BigInteger.valueOf(60);
            StringBuilder rest = new StringBuilder()
                    .append(totalSeconds.mod(sixty)).append(seconds.substring(seconds.indexOf('|') + 1)).append('s');
            BigInteger minutes = totalSeconds.divide(sixty);
            if (minutes.signum() > 0) {
                rest.insert(0, minutes.mod(sixty) + "m");
                BigInteger hours = minutes.divide(sixty);
                if (hours.signum() > 0) {
                    rest.insert(0, hours + "h");
                }
            }
            out.append(rest);
        }
        return (negative ? "-" : "") + out;
    }

    private static String withFraction(long v, int precision) {
        if (precision == 0) {
            return Long.toString(v);
        }
        long divisor = (long) Math.pow(10, precision);
        long whole = v / divisor;
        long fraction = v % divisor;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + precision + "d", fraction).replaceAll("0+$", "");
        return whole + "." + digits;
    }

    /** Returns "whole|.fraction" where the fraction part may be empty. */
    private static String withFractionUnsigned(BigInteger v, int precision) {
        BigInteger divisor = BigInteger.TEN.pow(precision);
        BigInteger fraction = v.mod(divisor);
        if (fraction.signum() == 0) {
            return v.divide(divisor) + "|";
        }
        String digits = String.format("%0" + precision + "d", fraction).replaceAll("0+$", "");
        return v.divide(divisor) + "|." + digits;
    }

    // ---------------------------------------------------------------- go-units

    /** go-units' {@code RAMInBytes}: {@code 800M}, {@code 1.5g}, {@code 512}, {@code 10 KiB}; binary multiples. */
    static long ramInBytes(String size) throws IllegalArgumentException {
        int sep = -1;
        for (int i = size.length() - 1; i >= 0; i--) {
            char c = size.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == ' ') {
                sep = i;
                break;
            }
        }
        if (sep == -1) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        String number;
        String suffix;
        if (size.charAt(sep) != ' ') {
            number = size.substring(0, sep + 1);
            suffix = size.substring(sep + 1);
        } else {
            number = size.substring(0, sep);
            suffix = size.substring(sep + 1);
        }
        Optional<Double> parsed = parseFloat(number);
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        double value = parsed.get();
        if (value < 0) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        if (suffix.isEmpty()) {
            return (long) value;
        }
        if (suffix.length() > 3) {
            throw new IllegalArgumentException("invalid suffix: '" + suffix + "'");
        }
        String lower = suffix.toLowerCase(Locale.ROOT);
        if (lower.charAt(0) == 'b') {
            if (lower.length() > 1) {
                throw new IllegalArgumentException("invalid suffix: '" + lower + "'");
            }
            return (long) value;
        }
        long multiplier = switch (lower.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            case 'p' -> 1L << 50;
            default -> throw new IllegalArgumentException("invalid suffix: '" + lower + "'");
        };
        if ((lower.length() == 2 && lower.charAt(1) != 'b') || (lower.length() == 3 && !lower.substring(1).equals("ib"))) {
            throw new IllegalArgumentException("invalid suffix: '" + lower + "'");
        }
        return (long) (value * multiplier);
    }

    /**
     * docker's {@code opts.ParseCPUs}: a rational number ({@code 0.5}, {@code 1/2}, {@code 1e-3}) times
     * 1e9 that must come out whole.
     */
    static long parseCpus(String value) throws IllegalArgumentException {
        BigDecimal cpus;
        try {
            int slash = value.indexOf('/');
            if (slash >= 0) {
                BigInteger numerator = new BigInteger(value.substring(0, slash));
                BigInteger denominator = new BigInteger(value.substring(slash + 1));
                if (denominator.signum() == 0) {
                    throw new IllegalArgumentException("failed to parse " + value + " as a rational number");
                }
                BigDecimal nano = new BigDecimal(numerator.multiply(BigInteger.valueOf(1_000_000_000L)));
                BigDecimal[] division = nano.divideAndRemainder(new BigDecimal(denominator));
                if (division[1].signum() != 0) {
                    throw new IllegalArgumentException("value is too precise");
                }
                return division[0].longValueExact();
            }
            if (!value.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                throw new IllegalArgumentException("failed to parse " + value + " as a rational number");
            }
            cpus = new BigDecimal(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("failed to parse " + value + " as a rational number");
        }
        BigDecimal nano = cpus.multiply(BigDecimal.valueOf(1_000_000_000L));
        if (nano.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("value is too precise");
        }
        return nano.longValue();
    }

    // ---------------------------------------------------------------- google/shlex

    /** google/shlex {@code Split}: POSIX-like words, quotes, backslash escapes, {@code #} comments. */
    static List<String> shlexSplit(String input) throws IllegalArgumentException {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = input.length();
        while (true) {
            // start state
            StringBuilder value = new StringBuilder();
            boolean word = false;
            boolean comment = false;
            int state = 0; // 0 start, 1 inWord, 2 escaping, 3 escapingQuoted, 4 quotingEscaping, 5 quoting, 6 comment
            boolean done = false;
            while (!done) {
                if (i >= n) {
                    switch (state) {
                        case 0 -> {
                            return words;
                        }
                        case 2, 3 -> throw new IllegalArgumentException("EOF found after escape character");
                        case 4, 5 -> throw new IllegalArgumentException("EOF found when expecting closing quote");
                        default -> done = true;
                    }
                    continue;
                }
                char c = input.charAt(i++);
                boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
                switch (state) {
                    case 0 -> {
                        if (space) {
                            break;
                        }
                        if (c == '"') {
                            word = true;
                            state = 4;
                        } else if (c == '\'') {
                            word = true;
                            state = 5;
                        } else if (c == '\\') {
                            word = true;
                            state = 2;
                        } else if (c == '#') {
                            comment = true;
                            state = 6;
                        } else {
                            word = true;
                            value.append(c);
                            state = 1;
                        }
                    }
                    case 1 -> {
                        if (space) {
                            done = true;
                        } else if (c == '"') {
                            state = 4;
                        } else if (c == '\'') {
                            state = 5;
                        } else if (c == '\\') {
                            state = 2;
                        } else {
                            value.append(c);
                        }
                    }
                    case 2 -> {
                        value.append(c);
                        state = 1;
                    }
                    case 3 -> {
                        value.append(c);
                        state = 4;
                    }
                    case 4 -> {
                        if (c == '"') {
                            state = 1;
                        } else if (c == '\\') {
                            state = 3;
                        } else {
                            value.append(c);
                        }
                    }
                    case 5 -> {
                        if (c == '\'') {
                            state = 1;
                        } else {
                            value.append(c);
                        }
                    }
                    case 6 -> {
                        if (c == '\n') {
                            done = true;
                        }
                    }
                    default -> throw new IllegalStateException("state " + state);
                }
            }
            if (word && !comment) {
                words.add(value.toString());
            }
        }
    }
}
