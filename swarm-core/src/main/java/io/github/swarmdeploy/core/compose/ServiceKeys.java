package io.github.swarmdeploy.core.compose;

import java.time.Duration;
import java.util.Optional;

/**
 * What the model declares about a service's keys, for packages that show or check values by key
 * ({@code deploy.update_config.delay}): what kind of value a key holds follows from its declaration,
 * nowhere else.
 */
public final class ServiceKeys {

    private ServiceKeys() {
    }

    /** Whether the key at this path of a service ({@code healthcheck.interval}) holds a duration. */
    public static boolean isDuration(String keyPath) {
        return field(keyPath).map(field -> field.valueClass() == Duration.class).orElse(false);
    }

    private static Optional<ComposeTypes.Field> field(String keyPath) {
        ComposeTypes.Type type = ComposeTypes.SERVICE;
        ComposeTypes.Field field = null;
        for (String key : keyPath.split("\\.")) {
            if (type == null) {
                return Optional.empty();
            }
            field = type.field(key);
            if (field == null) {
                return Optional.empty();
            }
            type = field.type();
        }
        return Optional.ofNullable(field);
    }
}
