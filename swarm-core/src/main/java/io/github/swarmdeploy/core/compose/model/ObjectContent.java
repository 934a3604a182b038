package io.github.swarmdeploy.core.compose.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a config or secret, read when the stack was loaded. Its text form never shows the
 * bytes, so a secret cannot leak through a log line or an exception message that prints a model value.
 */
public final class ObjectContent {

    public static final ObjectContent NONE = new ObjectContent(new byte[0]);

    private final byte[] bytes;

    private ObjectContent(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ObjectContent of(byte[] bytes) {
        return new ObjectContent(bytes.clone());
    }

    public static ObjectContent ofText(String text) {
        return new ObjectContent(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ObjectContent that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "<" + bytes.length + " bytes>";
    }
}
