package io.github.swarmdeploy.core.plan;

import io.github.swarmdeploy.core.image.DistributionLookup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromotionTest {

    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final String OTHER = "sha256:" + "e".repeat(64);
    private static final List<DistributionLookup.Platform> LINUX = List.of(new DistributionLookup.Platform("linux", "amd64"));

    private static Promotion.SourceService source(String key, String image) {
        return new Promotion.SourceService(key, image, LINUX, "");
    }

    private static Promotion.Target target(String key, String image) {
        return new Promotion.Target(key, "shop_prod_" + key, image);
    }

    @Test
    void aServiceRunsTheDigestItsNamesakeInTheSourceRunsNowWhateverItsTag() {
        Promotion.Result result = Promotion.match(List.of(target("web", "reg:5000/shop/web:latest"),
                        target("db", "reg:5000/postgres:16")),
                new Promotion.Source("shop_dev", List.of(source("web", "reg:5000/shop/web:20240717_8a4f53ae@" + DIGEST))));

        assertEquals(List.of(), result.refusals());
        assertEquals(new ImagePinning.Decision("reg:5000/shop/web:20240717_8a4f53ae@" + DIGEST, false, "", LINUX,
                Optional.of("shop_dev")), result.decisions().get("shop_prod_web"));
        assertEquals(null, result.decisions().get("shop_prod_db"), "without a match, its own resolution");
    }

    @Test
    void withoutANamesakeTheSourceServiceOfTheSameRepository() {
        Promotion.Result result = Promotion.match(List.of(target("frontend", "reg/shop/web:1")),
                new Promotion.Source("shop_dev", List.of(source("web", "reg/shop/web:2@" + DIGEST),
                        source("web-canary", "reg/shop/web:2@" + DIGEST))));

        assertEquals("reg/shop/web:2@" + DIGEST, result.decisions().get("shop_prod_frontend").image());
    }

    @Test
    void aNamesakeOfAnotherRepositoryIsRefusedNamingIt() {
        Promotion.Result result = Promotion.match(List.of(target("web", "reg/shop/web:1")),
                new Promotion.Source("shop_dev", List.of(source("web", "reg/shop/website:2@" + DIGEST))));

        assertEquals(List.of("service shop_prod_web: its image repository reg/shop/web is not the one shop_dev's web"
                + " runs (reg/shop/website:2@" + DIGEST + "); nothing to promote from there: fix the image, or deploy"
                + " without promotion"), result.refusals());
        assertEquals(0, result.decisions().size());
    }

    @Test
    void aSourceThatIsNotConvergedOrRunsNoDigestOrSeveralIsRefused() {
        Promotion.Result result = Promotion.match(List.of(target("web", "reg/web:1"), target("api", "reg/api:1"),
                        target("worker", "reg/worker:1")),
                new Promotion.Source("shop_dev", List.of(
                        new Promotion.SourceService("web", "reg/web:2@" + DIGEST, LINUX, "update paused: 0/1 running"),
                        source("api", "reg/api:2"),
                        source("worker-a", "reg/worker:2@" + DIGEST), source("worker-b", "reg/worker:3@" + OTHER))));

        assertEquals(List.of(
                "service shop_prod_web: shop_dev's web is not converged (update paused: 0/1 running): what it runs is"
                        + " not settled; wait until it is, or fix it",
                "service shop_prod_api: shop_dev's api runs reg/api:2 without a digest: what it runs exactly is unknown",
                "service shop_prod_worker: shop_dev runs reg/worker with different digests (worker-a"
                        + " reg/worker:2@sha256:dddddddddddd…, worker-b reg/worker:3@sha256:eeeeeeeeeeee…): which one"
                        + " to promote is not clear"),
                result.refusals());
    }

    @Test
    void dockerHubNamesMatchHoweverTheyAreWritten() {
        Promotion.Result result = Promotion.match(List.of(target("cache", "redis:7")),
                new Promotion.Source("shop_dev", List.of(source("cache", "docker.io/library/redis:7@" + DIGEST))));

        assertEquals(List.of(), result.refusals());
        assertEquals("docker.io/library/redis:7@" + DIGEST, result.decisions().get("shop_prod_cache").image());
    }
}
