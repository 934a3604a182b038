package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * bench/fixtures/own: web (2 replicas, healthcheck, start-first), worker and db; two overlay networks; three
 * configs (one versioned by {@code name: ${VAR}}, the one the config-change step edits); one secret.
 */
final class OwnFixture implements Fixture {

    @Override
    public String name() {
        return "own";
    }

    @Override
    public String description() {
        return "bench/fixtures/own: 3 services (4 tasks), 2 overlay networks, 3 configs, 1 secret";
    }

    @Override
    public List<String> images(BenchContext context) {
        return List.of(context.appImage());
    }

    @Override
    public PreparedStack prepare(String stack, Path directory, BenchContext context) {
        Path source = context.root().resolve("bench/fixtures/own");
        String prefix = Fixture.variablePrefix(stack);
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(directory);
            for (Path file : files.toList()) {
                String text = Files.readString(file).replace("@VAR@", prefix);
                Files.writeString(directory.resolve(file.getFileName().toString()), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PreparedStack(stack, directory, directory.resolve("stack.yml"),
                Map.of("BENCH_IMAGE", context.appImage()),
                Map.of(prefix + "_WEB_CONF", directory.resolve("web.conf")),
                directory.resolve("web.conf"), List.of());
    }
}
