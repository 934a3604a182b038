package io.github.swarmdeploy.core.naming;

import org.apache.commons.codec.digest.DigestUtils;

import java.util.regex.Pattern;

/**
 * Names of content-versioned configs and secrets: {@code <stack>_<key>_<hash>}, within Swarm's rules for
 * object names (at most {@value #MAX_LENGTH} characters of {@code [a-zA-Z0-9-_.]}, a letter or digit at
 * both ends).
 *
 * <p>A name that would be too long keeps its hash whole and shortens the part before it, marking the cut
 * with four hex digits of the uncut part so that two long keys that share a prefix still get different
 * names.
 */
public final class VersionedName {

    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?");
    private static final Pattern INVALID_CHARACTER = Pattern.compile("[^a-zA-Z0-9_.-]");
    private static final int CUT_MARK_LENGTH = 1 + 4;

    private VersionedName() {
    }

    /** The versioned name of the object with the given key and content hash in the given stack. */
    public static String of(String stack, String key, ContentHash hash) {
        String name = fit(stack + "_" + key, "_" + hash.hex());
        if (!isValid(name)) {
            throw new IllegalArgumentException("cannot name " + key + " in stack '" + stack
                    + "': the stack name must start with a letter or digit");
        }
        return name;
    }

    /**
     * {@code prefix + suffix} within {@value #MAX_LENGTH} characters, characters Swarm refuses replaced by
     * {@code -}: a name too long keeps its suffix whole and is cut in the prefix, marked with four hex digits of
     * the uncut prefix.
     */
    public static String fit(String prefix, String suffix) {
        String valid = INVALID_CHARACTER.matcher(prefix).replaceAll("-");
        if (valid.length() + suffix.length() <= MAX_LENGTH) {
            return valid + suffix;
        }
        int keep = MAX_LENGTH - suffix.length() - CUT_MARK_LENGTH;
        return valid.substring(0, keep) + "." + DigestUtils.sha256Hex(valid).substring(0, 4) + suffix;
    }

    /** Whether Swarm accepts this as the name of a config or secret. */
    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }
}
