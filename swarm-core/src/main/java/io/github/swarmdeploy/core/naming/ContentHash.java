package io.github.swarmdeploy.core.naming;

import org.apache.commons.codec.digest.DigestUtils;

import java.util.Objects;

/**
 * The short content hash that versions a config or secret: the first {@value #LENGTH} hex digits of the
 * SHA-256 of its bytes. Equal content gives an equal hash on every machine, so an unchanged file keeps its
 * object name and its services are not updated.
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

    public static ContentHash of(byte[] content) {
        return new ContentHash(DigestUtils.sha256Hex(content).substring(0, LENGTH));
    }

    @Override
    public String toString() {
        return hex;
    }
}
