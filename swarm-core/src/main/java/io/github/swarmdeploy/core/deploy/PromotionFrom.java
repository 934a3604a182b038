package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.image.DistributionLookup;
import io.github.swarmdeploy.core.image.ImagesFile;
import io.github.swarmdeploy.core.image.PushedImage;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.Promotion;
import io.github.swarmdeploy.core.rollout.RolloutWatcher;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.rollout.WatchedService;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a promotion by digest takes its images from ({@link Promotion}): another stack on the same swarm, as it runs
 * now, or the images file {@code swarm:push} wrote.
 */
public sealed interface PromotionFrom {

    /** What the source runs, read when the deploy decides its images. */
    Promotion.Source fetch(SwarmApi engine);

    /** The services of stack {@code stack}, as they run now: each one's image and digest, and whether it converged. */
    static PromotionFrom stack(String stack) {
        return new FromStack(stack);
    }

    /** The images in an images file ({@code target/swarm/images.json}): service, image, digest. */
    static PromotionFrom images(Path file) {
        return new FromImages(file);
    }

    record FromStack(String stack) implements PromotionFrom {

        public FromStack {
            Objects.requireNonNull(stack, "stack");
        }

        @Override
        public Promotion.Source fetch(SwarmApi engine) {
            List<SwarmService> services = engine.fetchServices(Filters.label(StackLabels.namespaceFilter(stack)));
            if (services.isEmpty()) {
                throw new SwarmDeployException(Option.PROMOTE_FROM.is(stack) + ": stack " + stack + " has no services on "
                        + engine.description() + " (is the name right?); nothing was changed");
            }
            List<WatchedService> watched = services.stream()
                    .map(service -> WatchedService.unchanged(service.id(), service.name())).toList();
            Map<String, ServiceOutcome> looks = new HashMap<>();
            new RolloutWatcher(engine, EventListener.IGNORE).checkHealth(watched)
                    .forEach(look -> looks.put(look.service().id(), look));
            List<Promotion.SourceService> sources = new ArrayList<>();
            for (SwarmService service : services) {
                ServiceOutcome look = looks.get(service.id());
                String key = DeployRecord.shortName(stack, service.name());
                List<DistributionLookup.Platform> platforms = new ArrayList<>();
                service.spec().path("TaskTemplate").path("Placement").path("Platforms").forEach(platform ->
                        platforms.add(new DistributionLookup.Platform(platform.path("OS").asText(""),
                                platform.path("Architecture").asText(""))));
                sources.add(new Promotion.SourceService(key, service.image(), platforms,
                        look == null || look.verdict() == Verdict.HEALTHY ? "" : look.state()
                                + look.taskError().map(error -> "; last task error: " + error).orElse("")));
            }
            return new Promotion.Source(stack, sources);
        }
    }

    record FromImages(Path file) implements PromotionFrom {

        public FromImages {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public Promotion.Source fetch(SwarmApi engine) {
            List<Promotion.SourceService> sources = new ArrayList<>();
            for (PushedImage image : ImagesFile.read(file)) {
                sources.add(new Promotion.SourceService(image.service(), image.digest().isEmpty() ? image.image()
                        : image.image() + "@" + image.digest(), List.of(), ""));
            }
            return new Promotion.Source(file.getFileName().toString(), sources);
        }
    }
}
