package io.github.swarmdeploy.core.golang;

import java.math.BigDecimal;
import java.math.BigInteger;

/** github.com/docker/cli/opts: option values as the docker CLI parses them. */
public final class DockerOpts {

    private DockerOpts() {
    }

    /**
     * docker's {@code opts.ParseCPUs}: a rational number ({@code 0.5}, {@code 1/2}, {@code 1e-3}) times
     * 1e9 that must come out whole.
     */
    public static long parseCpus(String value) throws IllegalArgumentException {
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
}
