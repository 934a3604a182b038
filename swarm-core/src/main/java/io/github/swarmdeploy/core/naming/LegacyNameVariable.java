package io.github.swarmdeploy.core.naming;

import org.apache.commons.codec.digest.DigestUtils;

import java.util.Locale;

/**
 * Compatibility with the {@code get-config-versions.py} pipeline step this tool replaces: a config or
 * secret declared with {@code name: ${VAR}} got {@code VAR} exported as {@code lower(VAR) + "_" +
 * md5hex(file)}. When {@code VAR} is not set, the same value is used, so that existing stacks keep their
 * object names and are not rolled for nothing.
 */
public final class LegacyNameVariable {

    private LegacyNameVariable() {
    }

    /** The value {@code get-config-versions.py} would have exported for {@code variable}. */
    public static String valueFor(String variable, byte[] content) {
        return variable.toLowerCase(Locale.ROOT) + "_" + DigestUtils.md5Hex(content);
    }
}
