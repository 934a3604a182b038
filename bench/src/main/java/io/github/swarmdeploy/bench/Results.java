package io.github.swarmdeploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The samples of one run, summarised: per fixture, step and variant the median and spread (min-max) of the
 * wall-clock time and of the service updates; ratios of medians (ours / docker, SSH / local) with the range
 * of the same ratio taken within each repetition; start-up costs. Written as JSON and as a markdown summary.
 */
final class Results {

    /** Pairs whose ratio the summary reports: numerator / denominator. */
    static final List<List<String>> RATIOS = List.of(
            List.of("ours", "docker"), List.of("ours-mvn", "docker"), List.of("ours-mvn-c1", "docker"),
            List.of("ours-mvn-c1", "ours-mvn"), List.of("ours-mvn-cds", "docker"), List.of("ours-mvn-cds", "ours-mvn-c1"),
            List.of("ours-ssh", "docker-ssh"),
            List.of("ours-ssh", "ours"), List.of("docker-ssh", "docker"));

    private final Map<String, Object> machine;
    private final Map<String, String> fixtures;
    private final Map<String, String> variants;
    private final int repetitions;
    private final List<Sample> samples;
    private final List<Double> mavenHelpSeconds;
    private final String startedAt;
    private final long durationSeconds;

    Results(Map<String, Object> machine, Map<String, String> fixtures, Map<String, String> variants, int repetitions,
            List<Sample> samples, List<Double> mavenHelpSeconds, String startedAt, long durationSeconds) {
        this.machine = machine;
        this.fixtures = fixtures;
        this.variants = variants;
        this.repetitions = repetitions;
        this.samples = List.copyOf(samples);
        this.mavenHelpSeconds = List.copyOf(mavenHelpSeconds);
        this.startedAt = startedAt;
        this.durationSeconds = durationSeconds;
    }

    /** Median and range of some numbers. */
    record Spread(int n, double median, double min, double max) {

        static Optional<Spread> of(List<Double> values) {
            if (values.isEmpty()) {
                return Optional.empty();
            }
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return Optional.of(new Spread(n, median, sorted.get(0), sorted.get(n - 1)));
        }

        ObjectNode toJson(ObjectMapper json) {
            ObjectNode node = json.createObjectNode();
            node.put("n", n).put("median", round(median)).put("min", round(min)).put("max", round(max));
            return node;
        }
    }

    List<Sample> ok(String fixture, String step, String variant) {
        return samples.stream().filter(s -> s.ok() && s.fixture().equals(fixture) && s.step().equals(step)
                && s.variant().equals(variant)).toList();
    }

    Optional<Spread> wall(String fixture, String step, String variant) {
        return spread(ok(fixture, step, variant), s -> s.wallMillis() / 1000.0);
    }

    private Optional<Spread> spread(List<Sample> of, ToDoubleFunction<Sample> value) {
        return Spread.of(of.stream().mapToDouble(value).boxed().toList());
    }

    /** Ratio of the medians, and the range of the ratio within each repetition (same rep, same fixture, same step). */
    Optional<Ratio> ratio(String fixture, String step, String numerator, String denominator) {
        Optional<Spread> top = wall(fixture, step, numerator);
        Optional<Spread> bottom = wall(fixture, step, denominator);
        if (top.isEmpty() || bottom.isEmpty()) {
            return Optional.empty();
        }
        List<Double> paired = new ArrayList<>();
        for (Sample a : ok(fixture, step, numerator)) {
            ok(fixture, step, denominator).stream().filter(b -> b.repetition() == a.repetition()).findFirst()
                    .ifPresent(b -> paired.add((double) a.wallMillis() / b.wallMillis()));
        }
        return Optional.of(new Ratio(top.get().median() / bottom.get().median(), Spread.of(paired)));
    }

    record Ratio(double ofMedians, Optional<Spread> perRepetition) {
    }

    /** What a fresh JVM adds around our deploy (local socket): wall time minus the time deploy() took. */
    Optional<Spread> javaStartup() {
        return spread(samples.stream().filter(s -> s.ok() && s.variant().equals("ours") && s.inProcessMillis() >= 0)
                .toList(), s -> (s.wallMillis() - s.inProcessMillis()) / 1000.0);
    }

    /** What Maven adds around the same deploy: mvn wall minus the Java main's median time in deploy(), per step. */
    Optional<Spread> mavenOverhead() {
        List<Double> overheads = new ArrayList<>();
        for (String fixture : fixtures.keySet()) {
            for (String step : Sample.STEPS) {
                Optional<Spread> inside = spread(ok(fixture, step, "ours").stream()
                        .filter(s -> s.inProcessMillis() >= 0).toList(), s -> s.inProcessMillis() / 1000.0);
                inside.ifPresent(in -> ok(fixture, step, "ours-mvn")
                        .forEach(s -> overheads.add(s.wallMillis() / 1000.0 - in.median())));
            }
        }
        return Spread.of(overheads);
    }

    void writeJson(Path file) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("startedAt", startedAt);
        root.put("durationSeconds", durationSeconds);
        root.set("machine", json.valueToTree(machine));
        root.put("repetitions", repetitions);
        root.set("fixtures", json.valueToTree(fixtures));
        root.set("variants", json.valueToTree(variants));
        root.put("timesIn", "seconds, wall-clock from process start to exit; medians and ranges over repetitions");
        ArrayNode summary = root.putArray("summary");
        for (String fixture : fixtures.keySet()) {
            for (String step : Sample.STEPS) {
                for (String variant : variants.keySet()) {
                    List<Sample> of = ok(fixture, step, variant);
                    long failed = samples.stream().filter(s -> !s.ok() && s.fixture().equals(fixture)
                            && s.step().equals(step) && s.variant().equals(variant)).count();
                    if (of.isEmpty() && failed == 0) {
                        continue;
                    }
                    ObjectNode row = summary.addObject();
                    row.put("fixture", fixture).put("step", step).put("variant", variant).put("failed", failed);
                    spread(of, s -> s.wallMillis() / 1000.0).ifPresent(s -> row.set("wallSeconds", s.toJson(json)));
                    spread(of.stream().filter(s -> s.inProcessMillis() >= 0).toList(), s -> s.inProcessMillis() / 1000.0)
                            .ifPresent(s -> row.set("inDeploySeconds", s.toJson(json)));
                    spread(of, Sample::servicesChanged).ifPresent(s -> row.set("servicesChanged", s.toJson(json)));
                    spread(of, Sample::tasksStarted).ifPresent(s -> row.set("tasksStarted", s.toJson(json)));
                    measured(of, Sample::inGoalMillis).ifPresent(s -> row.set("inGoalSeconds", s.toJson(json)));
                    measured(of, Sample::mavenStartMillis).ifPresent(s -> row.set("mavenStartSeconds", s.toJson(json)));
                    measured(of, Sample::pluginLoadMillis).ifPresent(s -> row.set("pluginLoadSeconds", s.toJson(json)));
                    measured(of, Sample::swarmLimitMillis).ifPresent(s -> row.set("swarmLimitSeconds", s.toJson(json)));
                    spread(of.stream().filter(x -> x.swarmLimitMillis() > 0).toList(),
                            x -> (double) x.wallMillis() / x.swarmLimitMillis())
                            .ifPresent(s -> row.set("wallOverSwarmLimit", s.toJson(json)));
                    spread(of.stream().filter(x -> x.swarmLimitMillis() >= 0).toList(),
                            x -> x.detectionLatencyMillis() / 1000.0)
                            .ifPresent(s -> row.set("exitAfterLastWindowSeconds", s.toJson(json)));
                    spread(of.stream().filter(x -> x.peakRssKb() >= 0).toList(), x -> x.peakRssKb() / 1024.0)
                            .ifPresent(s -> row.set("peakRssMiB", s.toJson(json)));
                    spread(of.stream().filter(x -> x.classesLoaded() >= 0).toList(), Sample::classesLoaded)
                            .ifPresent(s -> row.set("classesLoaded", s.toJson(json)));
                    measured(of, Sample::cpuMillis).ifPresent(s -> row.set("cpuSeconds", s.toJson(json)));
                    othersBusy(of).ifPresent(s -> row.set("othersBusyPercent", s.toJson(json)));
                }
            }
        }
        ArrayNode ratios = root.putArray("ratios");
        for (String fixture : fixtures.keySet()) {
            for (String step : Sample.STEPS) {
                for (List<String> pair : RATIOS) {
                    ratio(fixture, step, pair.get(0), pair.get(1)).ifPresent(r -> {
                        ObjectNode row = ratios.addObject();
                        row.put("fixture", fixture).put("step", step).put("ratio", pair.get(0) + "/" + pair.get(1))
                                .put("ofMedians", round(r.ofMedians()));
                        r.perRepetition().ifPresent(s -> row.set("perRepetition", s.toJson(json)));
                    });
                }
            }
        }
        ObjectNode startup = root.putObject("startupSeconds");
        javaStartup().ifPresent(s -> startup.set("oursJavaAroundDeploy", s.toJson(json)));
        mavenOverhead().ifPresent(s -> startup.set("oursMavenAroundDeploy", s.toJson(json)));
        Spread.of(mavenHelpSeconds).ifPresent(s -> startup.set("mvnSwarmHelp", s.toJson(json)));
        root.set("samples", json.valueToTree(samples));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            json.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## swarm-deploy benchmark, ").append(startedAt).append('\n').append('\n');
        md.append(String.format(Locale.ROOT, "%s cores, %s; docker CLI %s, engine %s; Java %s; %s. "
                        + "%d repetitions, interleaved (the order of the variants rotates each repetition); "
                        + "load average at start / end: %s / %s; run took %d min.%n%n",
                machine.get("cores"), machine.get("kernel"), machine.get("dockerCli"), machine.get("engine"),
                machine.get("java"), machine.get("maven"), repetitions, machine.get("loadAverageStart"),
                machine.get("loadAverageEnd"), Math.round(durationSeconds / 60.0)));
        md.append("Times: median wall-clock seconds (min-max), process start to exit, each deploy waiting until its "
                + "services converged. Ratios: of the medians (range of the same ratio within each repetition). "
                + "Updates: services whose Version.Index moved (created, on a first deploy).\n");
        md.append("Columns: wall = process start to exit; in goal = the goal's first log line to BUILD SUCCESS (mvn) or"
                + " the call of deploy() (Java main); start = Maven start + plugin load (mvn: process start to the goal's"
                + " first line); Swarm's limit = the slowest changed service's time from its creation (or update) to"
                + " running/healthy + its monitor window, from Swarm's own task timestamps in that same run; /limit ="
                + " median of wall / limit per deploy; exit lag = exit minus the moment the last changed service had"
                + " run for its window; RSS = peak resident set of the process (the Maven JVM for mvn); CPU = the"
                + " process's user + system CPU seconds (all its threads); others = the share of all cores that other"
                + " processes used meanwhile (dockerd, containerd and the stack's healthchecks, mostly: /proc/stat's busy"
                + " time less the process's own).\n");
        for (String fixture : fixtures.keySet()) {
            md.append('\n').append("### ").append(fixture).append(": ").append(fixtures.get(fixture)).append("\n\n");
            md.append("| step | variant | wall | /docker | in goal | start | Swarm's limit | /limit | exit lag | RSS MiB"
                    + " | CPU s | others % | updates |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (String step : Sample.STEPS) {
                for (String variant : variants.keySet()) {
                    List<Sample> of = ok(fixture, step, variant);
                    if (of.isEmpty()) {
                        continue;
                    }
                    md.append("| ").append(Sample.describeStep(step)).append(" | ").append(variant)
                            .append(" | ").append(cell(wall(fixture, step, variant)))
                            .append(" | ").append(variant.equals("docker") ? "" : cell(ratio(fixture, step, variant, "docker")))
                            .append(" | ").append(cell(measured(of, Sample::inGoalMillis)))
                            .append(" | ").append(cell(spread(of.stream().filter(x -> x.mavenStartMillis() >= 0).toList(),
                                    x -> (x.mavenStartMillis() + x.pluginLoadMillis()) / 1000.0)))
                            .append(" | ").append(cell(measured(of, Sample::swarmLimitMillis)))
                            .append(" | ").append(cell(spread(of.stream().filter(x -> x.swarmLimitMillis() > 0).toList(),
                                    x -> (double) x.wallMillis() / x.swarmLimitMillis()).map(Times::new)))
                            .append(" | ").append(cell(spread(of.stream().filter(x -> x.swarmLimitMillis() >= 0).toList(),
                                    x -> x.detectionLatencyMillis() / 1000.0)))
                            .append(" | ").append(cell(spread(of.stream().filter(x -> x.peakRssKb() >= 0).toList(),
                                    x -> x.peakRssKb() / 1024.0).map(Whole::new)))
                            .append(" | ").append(cell(measured(of, Sample::cpuMillis)))
                            .append(" | ").append(cell(othersBusy(of).map(Whole::new)))
                            .append(" | ").append(updates(fixture, step, variant))
                            .append(" |\n");
                }
            }
            failedTasks(md, fixture);
        }
        memoryPerService().ifPresent(md::append);
        if (variants.containsKey("ours-ssh") || variants.containsKey("docker-ssh")) {
            sshTable(md);
        }
        md.append("\n### Start-up costs (included in the times above)\n\n| what | seconds |\n|---|---|\n");
        md.append("| ours (Java main): JVM start and exit, class loading, connecting = wall - time in deploy() | ")
                .append(cell(javaStartup())).append(" |\n");
        md.append("| ours (mvn): the same plus Maven = mvn wall - median time in deploy() of the Java main | ")
                .append(cell(mavenOverhead())).append(" |\n");
        md.append("| `mvn -B swarm:help` in the same kind of project (Maven start, plugin loaded) | ")
                .append(cell(Spread.of(mavenHelpSeconds))).append(" |\n");
        if (samples.stream().anyMatch(x -> x.ok() && x.step().equals(Sample.NOOP) && x.mavenStartMillis() >= 0)) {
            noopSplits(md);
        }
        long failures = samples.stream().filter(s -> !s.ok()).count();
        if (failures > 0) {
            md.append("\n**").append(failures).append(" deploy(s) failed** and are left out of the numbers:\n\n");
            samples.stream().filter(s -> !s.ok()).forEach(s -> md.append("- rep ").append(s.repetition()).append(' ')
                    .append(s.fixture()).append(' ').append(s.variant()).append(' ').append(s.step()).append(": ")
                    .append(Objects.toString(s.error(), "").lines().findFirst().orElse("")).append(" (").append(s.log())
                    .append(")\n"));
        }
        return md.toString();
    }

    /** The deploys of {@code fixture} during which tasks of the stack failed (a healthcheck timed out, mostly). */
    private void failedTasks(StringBuilder md, String fixture) {
        List<Sample> with = samples.stream().filter(x -> x.fixture().equals(fixture) && !x.failedTasks().isEmpty())
                .toList();
        if (with.isEmpty()) {
            return;
        }
        md.append("\nTasks that failed during a deploy (read right after it):\n\n");
        with.forEach(x -> md.append("- rep ").append(x.repetition()).append(' ').append(x.variant()).append(' ')
                .append(Sample.describeStep(x.step())).append(": ").append(String.join("; ", x.failedTasks()))
                .append('\n'));
    }

    /** Each step of each fixture over SSH and on the local socket, for runs with an SSH variant. */
    private void sshTable(StringBuilder md) {
        md.append("\n### SSH (ssh://deploy@127.0.0.1:2222) vs local socket, same deploy\n\n");
        md.append("| fixture | step | ours local | ours ssh | ssh/local | docker local | docker ssh | ssh/local | ours/docker over ssh |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String fixture : fixtures.keySet()) {
            for (String step : Sample.STEPS) {
                if (!ran(fixture, step)) {
                    continue;
                }
                md.append("| ").append(fixture).append(" | ").append(Sample.describeStep(step))
                        .append(" | ").append(cell(wall(fixture, step, "ours")))
                        .append(" | ").append(cell(wall(fixture, step, "ours-ssh")))
                        .append(" | ").append(cell(ratio(fixture, step, "ours-ssh", "ours")))
                        .append(" | ").append(cell(wall(fixture, step, "docker")))
                        .append(" | ").append(cell(wall(fixture, step, "docker-ssh")))
                        .append(" | ").append(cell(ratio(fixture, step, "docker-ssh", "docker")))
                        .append(" | ").append(cell(ratio(fixture, step, "ours-ssh", "docker-ssh")))
                        .append(" |\n");
            }
        }
    }

    /** Whether the run deployed {@code step} of {@code fixture} at all (--steps may leave steps out). */
    private boolean ran(String fixture, String step) {
        return samples.stream().anyMatch(s -> s.fixture().equals(fixture) && s.step().equals(step));
    }

    /** Where each Maven variant's no-ops went, per fixture. */
    private void noopSplits(StringBuilder md) {
        md.append("\n#### Where an `mvn swarm:deploy` no-op spends its time (ours-mvn*, from the log's timestamps)\n\n"
                + "| fixture | variant | wall | Maven start (JVM, pom, plugin descriptor) | plugin load (its dependencies,"
                + " realm, Mojo) | in the goal | exit | classes loaded | peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String fixture : fixtures.keySet()) {
            for (String variant : mavenVariants()) {
                noopSplit(md, fixture, variant);
            }
        }
    }

    /** The variants that run {@code mvn swarm:deploy} (ours-mvn, ours-mvn-c1, ours-mvn-cds, with any depends_on suffix). */
    private List<String> mavenVariants() {
        return variants.keySet().stream().filter(variant -> variant.startsWith("ours-mvn")).toList();
    }

    /** One row of the no-op split: where the time of {@code variant}'s no-ops on {@code fixture} went. */
    private void noopSplit(StringBuilder md, String fixture, String variant) {
        List<Sample> noop = ok(fixture, Sample.NOOP, variant).stream().filter(x -> x.mavenStartMillis() >= 0)
                .toList();
        if (noop.isEmpty()) {
            return;
        }
        md.append("| ").append(fixture).append(" | ").append(variant).append(" | ")
                .append(cell(wall(fixture, Sample.NOOP, variant)))
                .append(" | ").append(cell(measured(noop, Sample::mavenStartMillis)))
                .append(" | ").append(cell(measured(noop, Sample::pluginLoadMillis)))
                .append(" | ").append(cell(measured(noop, Sample::inGoalMillis)))
                .append(" | ").append(cell(spread(noop, x -> (x.wallMillis() - x.mavenStartMillis()
                        - x.pluginLoadMillis() - x.inGoalMillis()) / 1000.0)))
                .append(" | ").append(cell(spread(noop.stream().filter(x -> x.classesLoaded() >= 0).toList(),
                        x -> (double) x.classesLoaded()).map(Whole::new)))
                .append(" | ").append(cell(spread(noop.stream().filter(x -> x.peakRssKb() >= 0).toList(),
                        x -> x.peakRssKb() / 1024.0).map(Whole::new)))
                .append(" |\n");
    }

    /** Seconds of a millisecond field, over the samples that have it (not -1). */
    private Optional<Spread> measured(List<Sample> of, java.util.function.ToLongFunction<Sample> millis) {
        return spread(of.stream().filter(x -> millis.applyAsLong(x) >= 0).toList(), x -> millis.applyAsLong(x) / 1000.0);
    }

    private Optional<Spread> othersBusy(List<Sample> of) {
        return spread(of.stream().filter(x -> x.othersBusyPercent() >= 0).toList(), Sample::othersBusyPercent);
    }

    /** A spread of ratios (printed 0.00x) or of whole numbers (MiB). */
    private record Times(Spread spread) {
    }

    private record Whole(Spread spread) {
    }

    /**
     * For the generated gen&lt;N&gt; fixtures: the Maven JVM's peak RSS and the time in the goal of a no-op, per
     * service, from the smallest N to each larger one: flat means the cost grows linearly, not faster.
     */
    private Optional<String> memoryPerService() {
        java.util.TreeMap<Integer, String> generated = new java.util.TreeMap<>();
        fixtures.keySet().stream().filter(f -> f.matches("gen[0-9]+"))
                .forEach(f -> generated.put(Integer.parseInt(f.substring(3)), f));
        if (generated.size() < 2) {
            return Optional.empty();
        }
        StringBuilder md = new StringBuilder("\n### Cost per service (ours-mvn, gen<N>)\n\n"
                + "| N | peak RSS MiB (median over steps) | RSS per added service (KiB, from the smallest N) |"
                + " no-op: in goal s | in goal per service (ms) |\n|---|---|---|---|---|\n");
        Optional<Double> baseRss = Optional.empty();
        int baseN = generated.firstKey();
        for (var entry : generated.entrySet()) {
            String fixture = entry.getValue();
            List<Sample> all = samples.stream().filter(x -> x.ok() && x.fixture().equals(fixture)
                    && x.variant().equals("ours-mvn") && x.peakRssKb() >= 0).toList();
            Optional<Spread> rss = spread(all, x -> x.peakRssKb() / 1024.0);
            Optional<Spread> noop = measured(ok(fixture, Sample.NOOP, "ours-mvn"), Sample::inGoalMillis);
            if (baseRss.isEmpty()) {
                baseRss = rss.map(Spread::median);
            }
            String perService = entry.getKey() == baseN || rss.isEmpty() || baseRss.isEmpty() ? "-"
                    : String.format(Locale.ROOT, "%.0f", (rss.get().median() - baseRss.get()) * 1024
                    / (entry.getKey() - baseN));
            md.append("| ").append(entry.getKey()).append(" | ").append(cell(rss.map(Whole::new))).append(" | ")
                    .append(perService).append(" | ").append(cell(noop)).append(" | ")
                    .append(noop.map(n -> String.format(Locale.ROOT, "%.1f", n.median() * 1000 / entry.getKey()))
                            .orElse("-")).append(" |\n");
        }
        return Optional.of(md.toString());
    }

    private String updates(String fixture, String step, String variant) {
        return spread(ok(fixture, step, variant), Sample::servicesChanged).map(s -> s.min() == s.max()
                ? format0(s.median()) : format0(s.median()) + " (" + format0(s.min()) + "-" + format0(s.max()) + ")")
                .orElse("-");
    }

    private static String cell(Optional<?> value) {
        if (value.isEmpty()) {
            return "-";
        }
        Object v = value.get();
        if (v instanceof Times t) {
            Spread s = t.spread();
            return String.format(Locale.ROOT, "%.2f", s.median()) + (s.n() == 1 ? ""
                    : String.format(Locale.ROOT, " (%.2f-%.2f)", s.min(), s.max()));
        }
        if (v instanceof Whole w) {
            Spread s = w.spread();
            return String.format(Locale.ROOT, "%.0f", s.median()) + (s.n() == 1 ? ""
                    : String.format(Locale.ROOT, " (%.0f-%.0f)", s.min(), s.max()));
        }
        if (v instanceof Spread s) {
            return s.n() == 1 ? format(s.median()) : format(s.median()) + " (" + format(s.min()) + "-" + format(s.max()) + ")";
        }
        Ratio r = (Ratio) v;
        return "**" + String.format(Locale.ROOT, "%.2f", r.ofMedians()) + "**" + r.perRepetition()
                .filter(s -> s.n() > 1)
                .map(s -> String.format(Locale.ROOT, " (%.2f-%.2f)", s.min(), s.max())).orElse("");
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static String format0(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
