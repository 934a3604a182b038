package io.github.swarmdeploy.core.history;

import io.github.swarmdeploy.core.naming.SecretVersionKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals the part of a deploy record a CI log must not show (the specs: environment values, commands, driver
 * options) with AES-256-GCM under a key derived from the stack's own key ({@link SecretVersionKey}, kept in the
 * swarm): a record printed or copied somewhere tells nothing of them, and one that was altered, or moved to
 * another record or stack, does not open. Whoever can read the stack's key config can open them, as they can
 * read the services' specs themselves.
 */
public final class HistorySeal {

    static final String PURPOSE = "deploy history seal v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private HistorySeal(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The seal of the stack whose own key is {@code stackKey}. */
    public static HistorySeal of(SecretVersionKey stackKey) {
        return new HistorySeal(stackKey.derive(PURPOSE));
    }

    /**
     * {@code plain} sealed, as base64 of nonce and ciphertext.
     *
     * @param binding what the sealed text belongs to ({@code <stack>#<sequence>}): it opens only with the same
     */
    String seal(byte[] plain, String binding) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, binding).doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal with AES-GCM: " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #seal} sealed.
     *
     * @throws IllegalArgumentException when it was sealed under another key or binding, or altered
     */
    byte[] open(String sealed, String binding) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed specs are not base64");
        }
        if (bytes.length <= NONCE_BYTES) {
            throw new IllegalArgumentException("the sealed specs are too short");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), binding)
                    .doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("they were sealed under another key (the stack's key config was"
                    + " removed or replaced since) or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open with AES-GCM: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String binding) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** Says what it is, never the key. */
    @Override
    public String toString() {
        return "HistorySeal[hidden]";
    }
}
