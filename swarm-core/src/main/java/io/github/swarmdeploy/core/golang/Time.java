package io.github.swarmdeploy.core.golang;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time: durations ({@code 1m30s}) and the timestamps yaml.v3 decodes into a {@code time.Time}. */
public final class Time {

    private Time() {
    }

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
    public static Optional<Long> parseDuration(String text) {
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
    public static String formatDuration(long nanos) {
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

    /**
     * A duration as docker's compose types hold it (Go's {@code time.Duration}, nanoseconds), written back
     * the way Go prints it ({@code 1m30s}, {@code 500ms}).
     */
    public record Duration(long nanos) {

        public java.time.Duration toDuration() {
            return java.time.Duration.ofNanos(nanos);
        }

        public boolean isZero() {
            return nanos == 0;
        }

        @Override
        public String toString() {
            return formatDuration(nanos);
        }
    }

    /**
     * An unquoted YAML timestamp ({@code 2001-12-14}, {@code 2001-12-14T21:59:43Z}): yaml.v3 decodes it
     * into a Go {@code time.Time}, and where docker turns values into strings (environment, labels) it
     * prints it as Go does ({@code 2001-12-14 00:00:00 +0000 UTC}). Kept as written for everything else.
     */
    public record Timestamp(String text, String goString) {

        private static final Pattern FORMAT = Pattern.compile(
                "^(\\d{4})-(\\d{1,2})-(\\d{1,2})"
                        + "(?:[Tt](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})"
                        + "| (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?)?$");

        public static Optional<Timestamp> parse(String text) {
            Matcher m = FORMAT.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            try {
                LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                return Optional.empty();
            }
            boolean zoned = m.group(4) != null;
            String hour = zoned ? m.group(4) : m.group(9);
            String minute = zoned ? m.group(5) : m.group(10);
            String second = zoned ? m.group(6) : m.group(11);
            String fraction = zoned ? m.group(7) : m.group(12);
            int h = hour == null ? 0 : Integer.parseInt(hour);
            int min = minute == null ? 0 : Integer.parseInt(minute);
            int s = second == null ? 0 : Integer.parseInt(second);
            if (h > 23 || min > 59 || s > 59) {
                return Optional.empty();
            }
            String frac = "";
            if (fraction != null) {
                String digits = fraction.substring(1);
                digits = digits.length() > 9 ? digits.substring(0, 9) : digits;
                digits = digits.replaceAll("0+$", "");
                frac = digits.isEmpty() ? "" : "." + digits;
            }
            String zone = "+0000 UTC";
            if (zoned && !m.group(8).equals("Z") && !m.group(8).substring(1).equals("00:00")) {
                String offset = m.group(8).replace(":", "");
                zone = offset + " " + offset;
            }
            String go = String.format("%04d-%02d-%02d %02d:%02d:%02d%s %s", year, month, day, h, min, s, frac, zone);
            return Optional.of(new Timestamp(text, go));
        }

        @Override
        public String toString() {
            return goString;
        }
    }
}
