package io.github.swarmdeploy.core.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenSSH's SHA256 fingerprint of a public key ({@code SHA256:} and the unpadded base64 of the SHA-256 of the
 * key blob), as {@code ssh-keygen -lf} and {@code ssh} print it.
 */
final class HostKeyFingerprint {

    private static final String PREFIX = "SHA256:";

    private HostKeyFingerprint() {
    }

    /** The fingerprint of an SSH public key blob (the bytes behind the base64 of a known_hosts line). */
    static String of(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    /**
     * The pinned fingerprints of {@code swarm.ssh.hostKeyFingerprint}: one or more {@code SHA256:…} values
     * separated by commas or blanks, with or without base64 padding, normalised to the form {@link #of}
     * returns; anything else is refused with what to write instead.
     */
    static List<String> parsePins(String value, String parameter) {
        List<String> pins = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return pins;
        }
        for (String token : value.trim().split("[,\\s]+")) {
            if (!token.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                throw new EngineConfigurationException(parameter + ": '" + token + "' is not a SHA256 host key "
                        + "fingerprint; write it as ssh-keygen -lf prints it, e.g. SHA256:"
                        + "uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
            }
            String base64 = token.substring(PREFIX.length()).replaceAll("=+$", "");
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(padded(base64));
            } catch (IllegalArgumentException e) {
                digest = new byte[0];
            }
            if (digest.length != 32) {
                throw new EngineConfigurationException(parameter + ": '" + token
                        + "' is not a SHA256 fingerprint (expected 43 base64 characters after SHA256:)");
            }
            pins.add(PREFIX + base64);
        }
        return pins;
    }

    private static String padded(String base64) {
        int remainder = base64.length() % 4;
        return remainder == 0 ? base64 : base64 + "=".repeat(4 - remainder);
    }
}
