package io.github.swarmdeploy.core.engine;

/**
 * What one of the engine's prune calls removed ({@code POST /containers/prune}, {@code /images/prune},
 * {@code /networks/prune}, {@code /build/prune}).
 *
 * @param deleted        how many containers, images (deleted, not merely untagged), networks or cache entries
 * @param spaceReclaimed bytes freed (0 where the engine does not say: networks)
 */
public record PruneResult(int deleted, long spaceReclaimed) {
}
