package io.github.swarmdeploy.core.golang;

import java.math.BigDecimal;
import java.math.BigInteger;

/** github.com/mitchellh/mapstructure, which decodes docker's compose dictionaries into its Go types. */
public final class Mapstructure {

    private Mapstructure() {
    }

    /**
     * What decoding a float64 {@code f >= 0} into a uint64 field gives: Go's {@code uint64(f)} on amd64 (what docker runs on): exact below 2^64,
     * 2^63 from there on (the processor's "integer indefinite").
     */
    public static BigInteger toUint64(double f) {
        if (f >= 0x1p64) {
            return BigInteger.ONE.shiftLeft(63);
        }
        return new BigDecimal(f).toBigInteger();
    }
}
