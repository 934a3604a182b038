package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.PruneResult;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.event.EventListener;

import java.util.Objects;
import java.util.Optional;

/**
 * On the connected node, what the replaced pipeline's {@code docker system prune -f} did: remove
 * stopped containers, dangling images, networks no container or service uses, and the build cache.
 * This reaches beyond the stack (it is the node's housekeeping), which is why it is off by default.
 */
public final class NodeCleanup {

    /** Which objects the cleanup may touch. */
    public record Scope(Optional<String> label) {

        /** Everything on the node, as {@code docker system prune -f}. */
        public static final Scope WHOLE_NODE = new Scope(Optional.empty());

        /**
         * Only containers, images and networks carrying this label ({@code key=value} or {@code key});
         * build cache entries carry no labels and are left alone.
         */
        public static Scope labelled(String label) {
            return new Scope(Optional.of(label));
        }
    }

    private final SwarmApi engine;
    private final EventListener events;

    public NodeCleanup(SwarmApi engine, EventListener events) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.events = Objects.requireNonNull(events, "events");
    }

    public NodeCleanupReport run(Scope scope) {
        Filters labelled = scope.label().map(Filters::label).orElse(Filters.none());
        PruneResult containers = engine.pruneContainers(labelled);
        PruneResult images = engine.pruneImages(labelled.and(Filters.DANGLING, "true"));
        PruneResult networks = engine.pruneNetworks(labelled);
        Optional<PruneResult> cache = scope.label().isPresent() ? Optional.empty()
                : Optional.of(engine.pruneBuildCache());

        long bytes = containers.spaceReclaimed() + images.spaceReclaimed()
                + cache.map(PruneResult::spaceReclaimed).orElse(0L);
        NodeCleanupReport report = new NodeCleanupReport(engine.description(), containers.deleted(), images.deleted(),
                networks.deleted(), cache.map(PruneResult::deleted).orElse(0), bytes, cache.isEmpty());
        events.info(report.summary());
        return report;
    }
}
