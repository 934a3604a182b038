package io.github.swarmdeploy.core.convert;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image a service spec carries. docker's Go client tags the image before it sends a service
 * ({@code imageWithTagString}): {@code redis} is sent as {@code redis:latest},
 * {@code docker.io/library/redis} as {@code redis:latest} (docker's familiar form); a reference it cannot
 * parse is sent as written.
 */
final class ImageNames {

    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    /** distribution/reference's grammar for a name with a domain, an optional tag and digest. */
    private static final Pattern REFERENCE = Pattern.compile("(" + DOMAIN + ")/(" + PATH_COMPONENT + "(?:/"
            + PATH_COMPONENT + ")*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*)"
            + ":([0-9a-fA-F]{32,}))?");
    private static final int MAX_NAME_LENGTH = 255;
    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);

    private ImageNames() {
    }

    /** The image with {@code :latest} when it has neither tag nor digest, in docker's familiar form. */
    static String withDefaultTag(String image) {
        if (IDENTIFIER.matcher(image).matches()) {
            return image;
        }
        String[] split = splitDomain(image);
        String domain = split[0];
        String remainder = split[1];
        int tagSeparator = remainder.indexOf(':');
        String remote = tagSeparator < 0 ? remainder : remainder.substring(0, tagSeparator);
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            return image;
        }
        Matcher matcher = REFERENCE.matcher(domain + "/" + remainder);
        if (!matcher.matches() || (matcher.group(1) + "/" + matcher.group(2)).length() > MAX_NAME_LENGTH) {
            return image;
        }
        String tag = matcher.group(3);
        String algorithm = matcher.group(4);
        if (algorithm != null) {
            Integer length = DIGEST_LENGTHS.get(algorithm);
            if (length == null || length != matcher.group(5).length()) {
                return image;
            }
        }
        StringBuilder result = new StringBuilder(familiarName(matcher.group(1), matcher.group(2)));
        if (tag != null) {
            result.append(':').append(tag);
        } else if (algorithm == null) {
            result.append(":latest");
        }
        if (algorithm != null) {
            result.append('@').append(algorithm).append(':').append(matcher.group(5));
        }
        return result.toString();
    }

    /** docker's splitDockerDomain: the registry (docker.io unless the first component looks like a host) and the rest. */
    private static String[] splitDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DEFAULT_DOMAIN, OFFICIAL_PREFIX + name};
        }
        String first = name.substring(0, slash);
        String rest = name.substring(slash + 1);
        String domain;
        String remainder;
        if (first.equals("localhost") || first.contains(".") || first.contains(":")
                || !first.toLowerCase(Locale.ROOT).equals(first)) {
            domain = first.equals(LEGACY_DEFAULT_DOMAIN) ? DEFAULT_DOMAIN : first;
            remainder = rest;
        } else {
            domain = DEFAULT_DOMAIN;
            remainder = name;
        }
        if (domain.equals(DEFAULT_DOMAIN) && !remainder.contains("/")) {
            remainder = OFFICIAL_PREFIX + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static String familiarName(String domain, String path) {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return domain + "/" + path;
        }
        if (path.startsWith(OFFICIAL_PREFIX) && !path.substring(OFFICIAL_PREFIX.length()).contains("/")) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }
}
