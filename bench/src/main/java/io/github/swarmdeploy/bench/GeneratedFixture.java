package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stack written by the benchmark itself, so that its size and shape are parameters:
 * <ul>
 *   <li>{@code gen<N>} ({@code gen10}, {@code gen50}, {@code gen200}, any N from 1 to 999): N independent services
 *       of one replica each, with an HTTP healthcheck and a config each (versioned the pipeline's way,
 *       {@code name: ${VAR}}); the healthcheck runs every 2 s up to 50 services and every 10 s above;</li>
 *   <li>{@code gen<N>h<S>} (such as {@code gen200h30}): the same with healthchecks every S seconds. On two cores
 *       dockerd runs each healthcheck as an exec (a process in the container, started through containerd and runc):
 *       25 a second (gen50) or 20 (gen200) keep the cores busy most of the time, so a deploy's time is mostly its
 *       share of the CPU; a longer interval shows what the tool costs on a machine that is not saturated;</li>
 *   <li>{@code chain}: the real prod stack's shape without the corpus: four services in a {@code depends_on}
 *       chain (db &lt;- backend &lt;- frontend &lt;- proxy), 10 s healthchecks, a config each.</li>
 * </ul>
 * The config-change step edits the first service's config (one service updated). Everything runs the
 * benchmark's image on the stack's default overlay network ({@code endpoint_mode: dnsrr}: no IPVS here).
 */
final class GeneratedFixture implements Fixture {

    private static final Pattern GENERATED = Pattern.compile("gen([1-9][0-9]{0,2})(?:h([1-9][0-9]{0,2}))?");
    static final List<String> CHAIN = List.of("db", "backend", "frontend", "proxy");

    private final String name;
    private final List<String> services;
    private final boolean chained;
    private final int healthIntervalSeconds;

    private GeneratedFixture(String name, List<String> services, boolean chained, int healthIntervalSeconds) {
        this.name = name;
        this.services = List.copyOf(services);
        this.chained = chained;
        this.healthIntervalSeconds = healthIntervalSeconds;
    }

    /** {@code gen<N>}, {@code gen<N>h<S>} or {@code chain}; empty for any other name. */
    static Optional<GeneratedFixture> named(String name) {
        if (name.equals("chain")) {
            return Optional.of(new GeneratedFixture(name, CHAIN, true, 10));
        }
        Matcher matcher = GENERATED.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int count = Integer.parseInt(matcher.group(1));
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(String.format(Locale.ROOT, "s%03d", i));
        }
        int interval = matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) : count > 50 ? 10 : 2;
        return Optional.of(new GeneratedFixture(name, names, false, interval));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return chained
                ? "generated: 4 services in a depends_on chain (db <- backend <- frontend <- proxy), "
                + healthIntervalSeconds + " s healthchecks, a config each"
                : "generated: " + services.size() + " services of 1 replica, " + healthIntervalSeconds
                + " s healthchecks, a config each, no depends_on";
    }

    @Override
    public List<String> images(BenchContext context) {
        return List.of(context.appImage());
    }

    int serviceCount() {
        return services.size();
    }

    @Override
    public PreparedStack prepare(String stack, Path directory, BenchContext context) {
        String prefix = Fixture.variablePrefix(stack);
        Map<String, Path> versioned = new LinkedHashMap<>();
        try {
            Files.createDirectories(directory.resolve("conf"));
            for (String service : services) {
                Path file = directory.resolve("conf").resolve(service + ".conf");
                Files.writeString(file, "# " + service + " of " + stack + "\nname=" + service + "\n");
                versioned.put(variable(prefix, service), file);
            }
            Path compose = directory.resolve("stack.yml");
            Files.writeString(compose, compose(prefix));
            return new PreparedStack(stack, directory, compose, Map.of("BENCH_IMAGE", context.appImage()), versioned,
                    versioned.values().iterator().next(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compose file; {@code prefix} makes the config names unique to the stack. */
    String compose(String prefix) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# written by the swarm-deploy benchmark (GeneratedFixture ").append(name).append(")\n")
                .append("version: \"3.9\"\n\nservices:\n");
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            yaml.append("  ").append(service).append(":\n")
                    .append("    image: ${BENCH_IMAGE}\n")
                    .append("    environment:\n")
                    .append("      APP_NAME: ").append(service).append('\n')
                    .append("      APP_PORTS: \"8080\"\n");
            if (chained && i > 0) {
                yaml.append("    depends_on: [").append(services.get(i - 1)).append("]\n");
            }
            yaml.append("    configs:\n")
                    .append("      - source: ").append(service).append("_conf\n")
                    .append("        target: /etc/app/app.conf\n")
                    .append("    healthcheck:\n")
                    .append("      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:8080/health\"]\n")
                    .append("      interval: ").append(healthIntervalSeconds).append("s\n")
                    .append("      timeout: 2s\n")
                    .append("      retries: 3\n")
                    .append("    deploy:\n")
                    .append("      endpoint_mode: dnsrr\n");
        }
        yaml.append("\nconfigs:\n");
        for (String service : services) {
            yaml.append("  ").append(service).append("_conf:\n")
                    .append("    name: ${").append(variable(prefix, service)).append("}\n")
                    .append("    file: ./conf/").append(service).append(".conf\n");
        }
        return yaml.toString();
    }

    private static String variable(String prefix, String service) {
        return prefix + "_" + service.toUpperCase(Locale.ROOT) + "_CONF";
    }
}
