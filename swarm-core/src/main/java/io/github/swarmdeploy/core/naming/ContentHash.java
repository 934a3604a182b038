package io.github.swarmdeploy.core.naming;

import org.apache.commons.codec.digest.DigestUtils;

import java.util.Objects;

/**
 * The short content hash that versions a config or secret: the first {@value #LENGTH} hex digits of the
 * SHA-256 of a config's bytes ({@link #of}), of the HMAC-SHA256 of a secret's bytes under the stack's key
 * ({@link #keyed}). Equal content gives an equal hash, so an unchanged file keeps its object name and its
 * services are not updated; a secret's hash reveals nothing of its content to whoever lacks the key.
 *
 * @param hex lower-case hexadecimal digits
 */
public record ContentHash(String hex) {

    public static final int LENGTH = 16;

    public ContentHash {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{" + LENGTH + "}")) {
            throw new IllegalArgumentException("not a content hash: " + hex);
        }
    }

    /** The plain hash: for configs, whose content is no secret. */
    public static ContentHash of(byte[] content) {
        return new ContentHash(DigestUtils.sha256Hex(content).substring(0, LENGTH));
    }

    /** The keyed hash: for secrets, so that a name in a log does not let anyone test guesses of the content. */
    public static ContentHash keyed(byte[] content, SecretVersionKey key) {
        return new ContentHash(key.hmacHex(content).substring(0, LENGTH));
    }

    @Override
    public String toString() {
        return hex;
    }
}
