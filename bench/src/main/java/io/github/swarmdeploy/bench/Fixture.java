package io.github.swarmdeploy.bench;

import java.nio.file.Path;
import java.util.List;

/** A stack the benchmark deploys: where its files come from and what a deploy of it needs on the swarm. */
interface Fixture {

    /** Short name used in results ({@code own}, {@code yu-leo-prod}). */
    String name();

    /** One line for the summary: what the stack holds. */
    String description();

    /** Every image reference the stack's services use (after interpolation), to be pushed before the run. */
    List<String> images(BenchContext context);

    /**
     * A copy of the fixture for {@code stack} in {@code directory}, with its prerequisites (external secrets,
     * host directories) created.
     */
    PreparedStack prepare(String stack, Path directory, BenchContext context);

    /** {@code bench-3f2a1c} -> {@code BENCH_3F2A1C}: the stack's prefix for variable names. */
    static String variablePrefix(String stack) {
        return stack.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
