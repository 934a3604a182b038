package io.github.swarmdeploy.core.compose;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unquoted YAML timestamp ({@code 2001-12-14}, {@code 2001-12-14T21:59:43Z}): yaml.v3 decodes it
 * into a Go {@code time.Time}, and where docker turns values into strings (environment, labels) it
 * prints it as Go does ({@code 2001-12-14 00:00:00 +0000 UTC}). Kept as written for everything else.
 */
record GoTimestamp(String text, String goString) {

    private static final Pattern FORMAT = Pattern.compile(
            "^(\\d{4})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:[Tt](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})"
                    + "| (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?)?$");

    static Optional<GoTimestamp> parse(String text) {
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
        return Optional.of(new GoTimestamp(text, go));
    }

    @Override
    public String toString() {
        return goString;
    }
}
