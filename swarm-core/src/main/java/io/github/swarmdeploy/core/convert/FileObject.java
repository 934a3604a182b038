package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.compose.model.FileObjectConfig;

import java.util.Objects;
import java.util.Optional;

/**
 * A config or secret owned by the stack (not external), as an {@link ObjectNamer} sees it.
 *
 * @param kind       config or secret
 * @param stack      the stack name
 * @param definition the top-level definition from the stack file: key, explicit name, labels, content
 *                   (never log a secret's content)
 */
public record FileObject(Kind kind, String stack, FileObjectConfig definition) {

    public enum Kind { CONFIG, SECRET }

    public FileObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(definition, "definition");
    }

    /** The key under {@code configs:}/{@code secrets:}. */
    public String key() {
        return definition.key();
    }

    /** The {@code name:} written in the file (after interpolation), if any. */
    public Optional<String> explicitName() {
        return definition.name().isEmpty() ? Optional.empty() : Optional.of(definition.name());
    }

    /** The content to store: empty for a secret whose driver supplies the value. */
    public byte[] data() {
        return kind == Kind.SECRET && !definition.driver().isEmpty() ? new byte[0] : definition.content().bytes();
    }
}
