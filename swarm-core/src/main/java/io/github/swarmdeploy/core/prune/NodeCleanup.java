package io.github.swarmdeploy.core.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.event.EventListener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static com.github.dockerjava.transport.DockerHttpClient.Request.Method.POST;

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

    private final EngineConnection engine;
    private final EventListener events;

    public NodeCleanup(EngineConnection engine, EventListener events) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.events = Objects.requireNonNull(events, "events");
    }

    public NodeCleanupReport run(Scope scope) {
        Map<String, List<String>> labelled = new LinkedHashMap<>();
        scope.label().ifPresent(label -> labelled.put("label", List.of(label)));
        Map<String, List<String>> danglingImages = new LinkedHashMap<>(labelled);
        danglingImages.put("dangling", List.of("true"));

        JsonNode containers = prune("/containers/prune" + EngineQuery.filters(labelled));
        JsonNode images = prune("/images/prune" + EngineQuery.filters(danglingImages));
        JsonNode networks = prune("/networks/prune" + EngineQuery.filters(labelled));
        JsonNode cache = scope.label().isPresent() ? null : prune("/build/prune");

        int deletedImages = 0;
        for (JsonNode entry : images.path("ImagesDeleted")) {
            if (entry.hasNonNull("Deleted")) {
                deletedImages++;
            }
        }
        long bytes = containers.path("SpaceReclaimed").asLong() + images.path("SpaceReclaimed").asLong()
                + (cache == null ? 0 : cache.path("SpaceReclaimed").asLong());
        NodeCleanupReport report = new NodeCleanupReport(engine.description(),
                containers.path("ContainersDeleted").size(), deletedImages, networks.path("NetworksDeleted").size(),
                cache == null ? 0 : cache.path("CachesDeleted").size(), bytes, cache == null);
        events.info(report.summary());
        return report;
    }

    private JsonNode prune(String path) {
        return engine.sendJson(POST, path, null);
    }
}
