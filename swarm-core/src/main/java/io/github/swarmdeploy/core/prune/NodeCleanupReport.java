package io.github.swarmdeploy.core.prune;

/**
 * What the node cleanup removed.
 *
 * @param buildCacheSkipped true when the scope was narrowed to a label: build cache entries carry no
 *                          labels, so none were touched
 */
public record NodeCleanupReport(String node, int containers, int images, int networks, int buildCaches,
                                long bytesReclaimed, boolean buildCacheSkipped) {

    /** "node cleanup on unix:///var/run/docker.sock: removed 2 stopped containers, 1 dangling image, ...". */
    public String summary() {
        return "Node cleanup on " + node + ": removed " + plural(containers, "stopped container")
                + ", " + plural(images, "dangling image") + ", " + plural(networks, "unused network") + ", "
                + (buildCacheSkipped ? "build cache not touched (not selectable by label)"
                        : plural(buildCaches, "build cache entry", "build cache entries"))
                + "; reclaimed " + bytesReclaimed + " bytes";
    }

    private static String plural(int n, String one) {
        return plural(n, one, one + "s");
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
