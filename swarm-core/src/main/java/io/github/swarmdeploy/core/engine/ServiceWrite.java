package io.github.swarmdeploy.core.engine;

import java.util.List;

/**
 * The engine's answer to a service create or update.
 *
 * @param id       the service's ID
 * @param warnings what the engine warned about ({@code Warning}/{@code Warnings}), e.g. an image it could not
 *                 resolve
 */
public record ServiceWrite(String id, List<String> warnings) {

    public ServiceWrite {
        warnings = List.copyOf(warnings);
    }
}
