package io.github.swarmdeploy.core.engine;

import java.util.Optional;

/**
 * One item of an image push's output stream ({@code POST /images/{name}/push}).
 *
 * @param status a layer's state ({@code Pushing}, {@code Pushed}, {@code Layer already exists}) or, without a
 *               layer, a line about the whole push ({@code latest: digest: sha256:… size: 527})
 * @param layer  the layer's ID, "" for a line about the whole push
 * @param digest the pushed manifest's digest ({@code aux.Digest}), once the registry said it
 * @param error  the push's error, once it failed
 * @param current bytes of the layer sent so far while it is {@code Pushing} ({@code progressDetail.current}), else 0
 * @param total   the layer's size while it is {@code Pushing} ({@code progressDetail.total}), else 0
 */
public record ImagePushProgress(String status, String layer, Optional<String> digest, Optional<String> error,
                                long current, long total) {
}
