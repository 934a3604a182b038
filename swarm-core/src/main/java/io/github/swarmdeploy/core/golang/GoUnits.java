package io.github.swarmdeploy.core.golang;

import java.util.Locale;
import java.util.Optional;

/** github.com/docker/go-units: sizes such as {@code 512M}. */
public final class GoUnits {

    private GoUnits() {
    }

    /** go-units' {@code RAMInBytes}: {@code 800M}, {@code 1.5g}, {@code 512}, {@code 10 KiB}; binary multiples. */
    public static long ramInBytes(String size) throws IllegalArgumentException {
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
        Optional<Double> parsed = Strconv.parseFloat(number);
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
}
