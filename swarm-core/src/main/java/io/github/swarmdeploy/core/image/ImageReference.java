package io.github.swarmdeploy.core.image;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference as docker parses it ({@code [domain/]path[:tag][@digest]}, the grammar of
 * distribution/reference): checked before anything is deployed, and the basis for pinning a digest.
 *
 * @param domain the registry host[:port] as written, empty when the reference names none (Docker Hub)
 * @param path   the repository path, e.g. {@code sandbox/busybox}
 * @param tag    the tag, empty when none is written
 * @param digest the digest ({@code sha256:…}), empty when none is written
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:(" + DOMAIN + ")/)?(" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)"
                    + "(?::([\\w][\\w.-]{0,127}))?"
                    + "(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?");
    private static final int MAX_NAME_LENGTH = 255;

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
    }

    /** Parses a reference, or says what is wrong with it in docker's words. */
    public static ImageReference parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.isEmpty()) {
            throw new InvalidImageReferenceException(reference, "repository name must have at least one component");
        }
        Matcher matcher = REFERENCE.matcher(reference);
        if (!matcher.matches()) {
            String problem = reference.toLowerCase(Locale.ROOT).equals(reference)
                    ? "invalid reference format"
                    : "invalid reference format: repository name must be lowercase";
            throw new InvalidImageReferenceException(reference, problem);
        }
        String domain = Optional.ofNullable(matcher.group(1)).orElse("");
        String path = matcher.group(2);
        if (!domain.isEmpty() && !looksLikeDomain(domain)) {
            // "library/busybox": the first component is part of the path on Docker Hub
            path = domain + "/" + path;
            domain = "";
            if (!path.matches(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*")) {
                throw new InvalidImageReferenceException(reference,
                        "invalid reference format: repository name must be lowercase");
            }
        }
        String name = domain.isEmpty() ? path : domain + "/" + path;
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidImageReferenceException(reference,
                    "repository name must not be more than " + MAX_NAME_LENGTH + " characters");
        }
        return new ImageReference(domain, path,
                Optional.ofNullable(matcher.group(3)).orElse(""),
                Optional.ofNullable(matcher.group(4)).orElse(""));
    }

    /** Whether {@code reference} is a valid image reference. */
    public static boolean isValid(String reference) {
        try {
            parse(reference);
            return true;
        } catch (InvalidImageReferenceException e) {
            return false;
        }
    }

    private static boolean looksLikeDomain(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.toLowerCase(Locale.ROOT).equals(component);
    }

    /** The repository as written: {@code [domain/]path}. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /** The registry host the image lives in, as credentials are looked up: the domain, or {@code docker.io}. */
    public String registry() {
        return asImageName().registryHost();
    }

    /** The registry as the engine names it in credentials ({@link ImageName#registryAddress()}). */
    public String registryAddress() {
        return asImageName().registryAddress();
    }

    private ImageName asImageName() {
        return new ImageName(name(), tagOrLatest());
    }

    public boolean hasDigest() {
        return !digest.isEmpty();
    }

    /** The tag, {@code latest} when none is written (docker's TagNameOnly). */
    public String tagOrLatest() {
        return tag.isEmpty() ? "latest" : tag;
    }

    /** {@code name:tag@digest}, the form docker pins a service image to; the tag defaults to latest. */
    public ImageReference pinnedTo(String newDigest) {
        return new ImageReference(domain, path, tagOrLatest(), newDigest);
    }

    /** The same reference without its digest. */
    public ImageReference withoutDigest() {
        return new ImageReference(domain, path, tag, "");
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name());
        if (!tag.isEmpty()) {
            text.append(':').append(tag);
        }
        if (!digest.isEmpty()) {
            text.append('@').append(digest);
        }
        return text.toString();
    }
}
