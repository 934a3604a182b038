package io.github.swarmdeploy.core.naming;

import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The key that versions a stack's secrets: a secret's version is the HMAC-SHA256 of its content under this key
 * ({@link ContentHash#keyed}), not a plain hash. A plain hash in a name lets whoever reads a CI log or a deploy
 * report test guesses offline (a 6-digit PIN falls in half a second); under a key they do not know, the name
 * tells nothing about the content, and equal content under the same key still gives the same name.
 *
 * <p>The key lives only in the swarm: a config of the stack ({@link #configName}, labels
 * {@link StackLabels#forSecretVersionKey}) created by the first deploy that changes something, read by every
 * deploy before it names anything. It never appears in a log: {@link #toString()} hides it.
 */
public final class SecretVersionKey {

    /** Bytes of key: as many as the HMAC-SHA256 block needs to be at full strength. */
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private SecretVersionKey(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a secret version key has " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A new random key. */
    public static SecretVersionKey generate() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new SecretVersionKey(bytes);
    }

    /**
     * The key as {@link #encoded()} wrote it.
     *
     * @throws IllegalArgumentException when the text is not {@value #LENGTH} bytes in hexadecimal (the message
     *                                  does not repeat the text)
     */
    public static SecretVersionKey decode(String text) {
        try {
            return new SecretVersionKey(Hex.decodeHex(Objects.requireNonNull(text, "text").strip()));
        } catch (DecoderException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a secret version key: expected " + (LENGTH * 2)
                    + " hexadecimal digits");
        }
    }

    /** The key in hexadecimal, as it is stored in the swarm. Never log it. */
    public String encoded() {
        return Hex.encodeHexString(bytes);
    }

    /** The name of the config that holds the key of {@code stack}: {@code <stack>_secret-key}. */
    public static String configName(String stack) {
        return stack + "_secret-key";
    }

    /**
     * Which key this is, for a label ({@link StackLabels#HASH_KEY}): the first 16 hex digits of the HMAC of a fixed
     * text under the key, which tells nothing of the key itself. Hashes made under keys with other ids cannot be
     * compared.
     */
    public String id() {
        return hmacHex("io.github.swarmdeploy secret version key id".getBytes(StandardCharsets.UTF_8))
                .substring(0, ContentHash.LENGTH);
    }

    /**
     * A key for another use of the stack's own key ({@code purpose} names it, e.g. sealing the specs of its deploy
     * history): the HMAC-SHA256 of the purpose under this key, {@value #LENGTH} bytes, independent of every other
     * purpose's. Never log it.
     */
    public byte[] derive(String purpose) {
        return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, bytes).hmac("swarm-deploy " + Objects.requireNonNull(purpose,
                "purpose"));
    }

    /** The HMAC-SHA256 of {@code content} under this key, in lower-case hexadecimal. */
    String hmacHex(byte[] content) {
        return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, bytes).hmacHex(content);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretVersionKey that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Says what it is, never the key. */
    @Override
    public String toString() {
        return "SecretVersionKey[hidden]";
    }
}
