package io.github.swarmdeploy.core.plan;

/** Image references made short enough to read in a plan line. */
final class ImageText {

    private static final int SHORT_DIGEST_HEX = 12;
    private static final int MIN_ELIDED = 8;

    private ImageText() {
    }

    /**
     * Both references without the part they share up to their last common {@code /}, {@code :} or {@code @},
     * written as {@code …}, and with digests cut to {@value #SHORT_DIGEST_HEX} hex digits:
     * {@code reg/app:20240704_63586a62}, {@code reg/app:20240717_8a4f53ae} become {@code …:20240704_63586a62},
     * {@code …:20240717_8a4f53ae}.
     */
    static String[] elideCommonPrefix(String before, String after) {
        String a = shortenDigest(before);
        String b = shortenDigest(after);
        if (a.isEmpty() || b.isEmpty()) {
            return new String[] {a, b};
        }
        int common = 0;
        while (common < a.length() && common < b.length() && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        int cut = a.lastIndexOf('@', common - 1);
        for (int i = common - 1; i >= 0 && cut < 0; i--) {
            char c = a.charAt(i);
            if (c == '/' || c == ':' || c == '@') {
                cut = i;
                break;
            }
        }
        if (cut < MIN_ELIDED) {
            return new String[] {a, b};
        }
        return new String[] {"…" + a.substring(cut), "…" + b.substring(cut)};
    }

    static String shortenDigest(String reference) {
        int at = reference.indexOf("@sha256:");
        if (at < 0) {
            return reference;
        }
        int hexStart = at + "@sha256:".length();
        return reference.length() - hexStart <= SHORT_DIGEST_HEX ? reference
                : reference.substring(0, hexStart + SHORT_DIGEST_HEX) + "…";
    }
}
