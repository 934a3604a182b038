package io.github.swarmdeploy.bench;

import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark (run it through bench/run): for each repetition, each fixture and each variant (docker stack
 * deploy and ours, on the local socket and over SSH), one fresh stack deployed three times — first deploy,
 * no-op redeploy of the same files, redeploy with one config changed — then removed. Variants are interleaved
 * in one run and their order rotates every repetition, so drift in the shared machine's load hits all alike.
 * Writes bench/results/&lt;date&gt;.json and .md and prints the markdown summary.
 */
public final class Benchmark {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The values of swarm.dependsOn a variant name may end in. */
    static final List<String> DEPENDS_ON_MODES = List.of("started", "healthy", "ignore");
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss").withZone(ZoneOffset.UTC);

    private final Options options;
    private final BenchContext context;
    private final StackRemoval removal;
    private final Path runDirectory;
    private final Set<String> liveStacks = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, PreparedStack> prepared = Collections.synchronizedMap(new LinkedHashMap<>());

    private Benchmark(Options options, BenchContext context, Path runDirectory) {
        this.options = options;
        this.context = context;
        this.removal = new StackRemoval(context.engine(), context.logs());
        this.runDirectory = runDirectory;
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        Instant started = Instant.now();
        Map<String, String> env = System.getenv();
        String registry = required(env, "SWARM_SANDBOX_REGISTRY");
        Path runDirectory = options.root().resolve("bench/target/runs").resolve(FILE_DATE.format(started));
        try (EngineConnection engine = EngineConnection.open(EngineSettings.forHost(null, env))) {
            engine.requireSwarmManager();
            BenchContext context = new BenchContext(options.root(), registry, registry + "/swarm-bench/app:1", engine,
                    runDirectory.resolve("logs"));
            Benchmark benchmark = new Benchmark(options, context, runDirectory);
            Thread cleanup = new Thread(benchmark::removeEverything, "swarm-bench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            Results results = benchmark.run(started, env);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            String name = FILE_DATE.format(started);
            Path json = options.results().resolve(name + ".json");
            results.writeJson(json);
            String markdown = results.markdown();
            Files.writeString(options.results().resolve(name + ".md"), markdown);
            System.out.println();
            System.out.println(markdown);
            System.out.println("results: " + json + " (logs: " + runDirectory + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Results run(Instant started, Map<String, String> env) {
        Map<String, Object> machine = Machine.describe(context.root());
        List<Fixture> fixtures = fixtures();
        List<Deployer> deployers = deployers(env);
        pushImages(fixtures, env);
        List<Sample> samples = new ArrayList<>();
        List<Double> mavenHelp = new ArrayList<>();
        for (int rep = 1; rep <= options.repetitions(); rep++) {
            List<Deployer> order = new ArrayList<>(deployers);
            Collections.rotate(order, -(rep - 1));
            List<Fixture> fixtureOrder = new ArrayList<>(fixtures);
            Collections.rotate(fixtureOrder, -(rep - 1));
            log("repetition " + rep + "/" + options.repetitions() + ": " + order.stream().map(Deployer::name).toList());
            for (Fixture fixture : fixtureOrder) {
                for (Deployer deployer : order) {
                    samples.addAll(measure(rep, fixture, deployer));
                }
            }
            for (Deployer deployer : order) {
                if (deployer instanceof Deployer.OursMaven maven) {
                    Command.Result help = maven.help(runDirectory.resolve("maven-help"),
                            context.logs().resolve("rep" + rep + "-mvn-swarm-help.log"));
                    if (help.succeeded()) {
                        mavenHelp.add(help.wall().toMillis() / 1000.0);
                    } else {
                        log("  mvn swarm:help failed (" + help.describeExit() + "): " + help.tail(5));
                    }
                }
            }
        }
        machine.put("loadAverageEnd", Machine.loadAverage());
        Map<String, String> fixtureNames = new LinkedHashMap<>();
        fixtures.forEach(f -> fixtureNames.put(f.name(), f.description()));
        Map<String, String> variantNames = new LinkedHashMap<>();
        deployers.forEach(d -> variantNames.put(d.name(), d.description()));
        return new Results(machine, fixtureNames, variantNames, options.repetitions(), samples, mavenHelp,
                DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                Duration.between(started, Instant.now()).toSeconds());
    }

    /**
     * One fresh stack: first deploy, no-op redeploy, one config changed (those of them {@code --steps} names, the
     * first deploy always); then everything removed.
     */
    private List<Sample> measure(int rep, Fixture fixture, Deployer deployer) {
        byte[] token = new byte[3];
        RANDOM.nextBytes(token);
        String stack = "bench-" + HexFormat.of().formatHex(token);
        List<Sample> samples = new ArrayList<>();
        liveStacks.add(stack);
        try {
            PreparedStack files = fixture.prepare(stack, runDirectory.resolve("stacks").resolve(stack), context);
            prepared.put(stack, files);
            for (String step : options.steps()) {
                if (step.equals(Sample.CHANGE)) {
                    files.changeConfig("# changed by the swarm-deploy benchmark for " + stack);
                }
                Sample sample = deployOnce(rep, fixture, deployer, files, step);
                samples.add(sample);
                log(describe(fixture, deployer, step, stack, sample));
                if (!sample.ok()) {
                    break;
                }
            }
        } finally {
            remove(stack);
        }
        return samples;
    }

    private Sample deployOnce(int rep, Fixture fixture, Deployer deployer, PreparedStack files, String step) {
        Path log = context.logs().resolve(files.stack() + "-" + deployer.name() + "-" + step + ".log");
        StackState before = StackState.read(context.engine(), files.stack());
        Deployer.Attempt attempt = deployer.deploy(files, log);
        StackState after = StackState.read(context.engine(), files.stack());
        Command.Result result = attempt.result();
        String error = result.succeeded() ? null : result.describeExit() + ": " + result.tail(8);
        SwarmTimeline timeline = SwarmTimeline.read(context.engine(), files.stack(), after.servicesChangedFrom(before),
                result.startedAt());
        Optional<MavenTiming> maven = attempt.maven();
        return new Sample(rep, fixture.name(), deployer.name(), files.stack(), step, result.succeeded(),
                result.wall().toMillis(), attempt.inProcessMillis().orElse(-1), after.servicesChangedSince(before),
                after.tasksStartedSince(before), after.serviceVersions().size(), error,
                runDirectory.relativize(log).toString(), timeline.limitMillis().orElse(-1),
                timeline.detectionLatencyMillis(result.endedAt()).orElse(-1), result.peakRssKb().orElse(-1),
                maven.map(MavenTiming::mavenStartMillis).orElse(-1L),
                maven.map(MavenTiming::pluginLoadMillis).orElse(-1L),
                maven.map(MavenTiming::inGoalMillis).orElse(attempt.inProcessMillis().orElse(-1)),
                maven.map(MavenTiming::classesLoaded).orElse(-1L), result.cpuMillis().orElse(-1),
                result.othersBusy().isPresent() ? (int) Math.round(result.othersBusy().getAsDouble() * 100) : -1,
                timeline.failedTasks());
    }

    /** The progress line of one deploy. */
    private static String describe(Fixture fixture, Deployer deployer, String step, String stack, Sample sample) {
        if (!sample.ok()) {
            return String.format(Locale.ROOT, "  %-11s %-16s %-6s %-12s FAILED: %s", fixture.name(), deployer.name(),
                    step, stack, sample.error());
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "  %-11s %-16s %-6s %-12s %6.1f s  %d service(s) changed, %d task(s) started", fixture.name(),
                deployer.name(), step, stack, sample.wallMillis() / 1000.0, sample.servicesChanged(),
                sample.tasksStarted()));
        if (sample.inGoalMillis() >= 0) {
            line.append(String.format(Locale.ROOT, "; %.1f s in %s", sample.inGoalMillis() / 1000.0,
                    sample.mavenStartMillis() >= 0 ? "the goal" : "deploy()"));
        }
        if (sample.swarmLimitMillis() >= 0) {
            line.append(String.format(Locale.ROOT, "; Swarm's limit %.1f s, exit %.1f s after the last window",
                    sample.swarmLimitMillis() / 1000.0, sample.detectionLatencyMillis() / 1000.0));
        }
        if (sample.peakRssKb() >= 0) {
            line.append(String.format(Locale.ROOT, "; peak RSS %d MiB", sample.peakRssKb() / 1024));
        }
        if (sample.cpuMillis() >= 0 && sample.othersBusyPercent() >= 0) {
            line.append(String.format(Locale.ROOT, "; CPU %.1f s, others %d %% of the cores", sample.cpuMillis() / 1000.0,
                    sample.othersBusyPercent()));
        }
        if (!sample.failedTasks().isEmpty()) {
            line.append(String.format(Locale.ROOT, "; %d task(s) failed since it started, first %s",
                    sample.failedTasks().size(), sample.failedTasks().get(0)));
        }
        return line.toString();
    }

    private void remove(String stack) {
        try {
            removal.remove(stack);
        } finally {
            PreparedStack files = prepared.remove(stack);
            if (files != null) {
                files.removePrerequisites();
            }
            liveStacks.remove(stack);
        }
    }

    /** On Ctrl-C or a crash: remove every stack this run still has (and only those). */
    private void removeEverything() {
        for (String stack : List.copyOf(liveStacks)) {
            log("cleaning up " + stack);
            try {
                remove(stack);
            } catch (RuntimeException e) {
                log("  could not remove " + stack + ": " + e.getMessage());
            }
        }
    }

    private List<Fixture> fixtures() {
        List<Fixture> all = new ArrayList<>();
        for (String name : options.fixtures()) {
            Optional<GeneratedFixture> generated = GeneratedFixture.named(name);
            if (generated.isPresent()) {
                all.add(generated.get());
                continue;
            }
            switch (name) {
                case "own" -> all.add(new OwnFixture());
                case "yu-leo-prod" -> {
                    Optional<Path> corpus = YuLeoProdFixture.findCorpus(context.root());
                    if (corpus.isPresent()) {
                        all.add(new YuLeoProdFixture(corpus.get()));
                    } else if (options.fixturesExplicit()) {
                        throw new IllegalArgumentException("fixture yu-leo-prod needs corpus-dev: set SWARM_CORPUS_DEV "
                                + "or put it at shared/corpus-dev above " + context.root());
                    } else {
                        log("skipping fixture yu-leo-prod: corpus-dev not found (set SWARM_CORPUS_DEV)");
                    }
                }
                default -> throw new IllegalArgumentException("unknown fixture " + name
                        + " (own, yu-leo-prod, chain, gen<N> such as gen10, gen50, gen200, gen<N>h<S> such as gen200h30)");
            }
        }
        return all;
    }

    private List<Deployer> deployers(Map<String, String> env) {
        Deployer.SshAccess ssh = new Deployer.SshAccess(required(env, "SWARM_SANDBOX_SSH_USER"),
                required(env, "SWARM_SANDBOX_SSH_HOST"), Integer.parseInt(required(env, "SWARM_SANDBOX_SSH_PORT")),
                Path.of(required(env, "SWARM_SANDBOX_SSH_KEY")), Path.of(required(env, "SWARM_SANDBOX_SSH_KNOWN_HOSTS")));
        String java = ProcessHandle.current().info().command().orElse("java");
        Optional<Path> exampleJvmConfig = Optional.of(options.root().resolve(Deployer.OursMaven.EXAMPLE_JVM_CONFIG));
        List<Deployer> all = new ArrayList<>();
        for (String name : options.variants()) {
            // ours, ours-ssh and ours-mvn take swarm.dependsOn as a suffix: ours-healthy, ours-mvn-ignore, ...
            Optional<String> mode = DEPENDS_ON_MODES.stream().filter(m -> name.startsWith("ours") && name.endsWith("-" + m))
                    .findFirst();
            String base = mode.map(m -> name.substring(0, name.length() - m.length() - 1)).orElse(name);
            all.add(switch (base) {
                case "docker" -> Deployer.DockerStackDeploy.local();
                case "docker-ssh" -> Deployer.DockerStackDeploy.overSsh(ssh, runDirectory.resolve("ssh-wrapper"));
                case "ours" -> new Deployer.OursJava(java, options.classpath(), Optional.empty(), mode);
                case "ours-ssh" -> new Deployer.OursJava(java, options.classpath(), Optional.of(ssh), mode);
                case "ours-mvn" -> new Deployer.OursMaven(options.pluginVersion(), options.mavenRepository(),
                        options.mavenSettings(), mode, Optional.empty(), Optional.empty());
                case "ours-mvn-c1" -> new Deployer.OursMaven(options.pluginVersion(), options.mavenRepository(),
                        options.mavenSettings(), mode, exampleJvmConfig, Optional.empty());
                case "ours-mvn-cds" -> new Deployer.OursMaven(options.pluginVersion(), options.mavenRepository(),
                        options.mavenSettings(), mode, exampleJvmConfig,
                        Optional.of(runDirectory.resolve("cds").resolve(name + ".jsa")));
                default -> throw new IllegalArgumentException("unknown variant " + name + " (docker, docker-ssh, ours,"
                        + " ours-ssh, ours-mvn, ours-mvn-c1, ours-mvn-cds; ours* with -started, -healthy or -ignore)");
            });
        }
        return all;
    }

    /** The benchmark image (built FROM the sandbox base image) under every name the fixtures use, in the registry. */
    private void pushImages(List<Fixture> fixtures, Map<String, String> env) {
        Duration timeout = Duration.ofMinutes(5);
        log("building " + context.appImage() + " FROM " + required(env, "SWARM_SANDBOX_BASE_IMAGE"));
        Command.of(List.of("docker", "build", "-q", "--build-arg", "BASE=" + env.get("SWARM_SANDBOX_BASE_IMAGE"),
                        "-t", context.appImage(), context.root().resolve("bench/image").toString()),
                Map.of("DOCKER_BUILDKIT", "0"), context.root()).output(timeout);
        Set<String> images = new LinkedHashSet<>();
        fixtures.forEach(f -> images.addAll(f.images(context)));
        images.add(context.appImage());
        for (String image : images) {
            if (!image.equals(context.appImage())) {
                Command.of("docker", "tag", context.appImage(), image).output(timeout);
            }
            Command.of("docker", "push", "-q", image).output(timeout);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run bench/run (it starts the sandbox and evaluates "
                    + "`scripts/swarm-sandbox env`)");
        }
        return value;
    }

    static void log(String line) {
        System.err.println(line);
    }

    /**
     * Command line of the benchmark main (bench/run passes the first five).
     *
     * @param root           repository root
     * @param classpath      the bench module's runtime classpath (for the Java main of our deploy)
     * @param pluginVersion  the swarm-maven-plugin version installed into mavenRepository
     * @param mavenRepository the benchmark's own local repository, holding the plugin
     * @param mavenSettings  settings.xml that lets that repository borrow from ~/.m2
     */
    record Options(Path root, String classpath, String pluginVersion, Path mavenRepository, Path mavenSettings,
                   Path results, int repetitions, List<String> fixtures, boolean fixturesExplicit, List<String> variants,
                   List<String> steps) {

        static final List<String> ALL_VARIANTS = List.of("docker", "ours", "ours-mvn", "docker-ssh", "ours-ssh");

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value, got " + arg + "\n" + usage());
                }
                values.put(arg.substring(2), args[++i]);
            }
            Path root = Path.of(values.getOrDefault("root", ".")).toAbsolutePath().normalize();
            Set<String> known = Set.of("root", "classpath", "plugin-version", "maven-repo", "maven-settings", "results",
                    "reps", "fixtures", "variants", "steps");
            for (String key : values.keySet()) {
                if (!known.contains(key)) {
                    throw new IllegalArgumentException("unknown option --" + key + "\n" + usage());
                }
            }
            int reps = Integer.parseInt(values.getOrDefault("reps", "3"));
            if (reps < 1) {
                throw new IllegalArgumentException("--reps must be at least 1");
            }
            List<String> steps = List.of(values.getOrDefault("steps", String.join(",", Sample.STEPS)).split(","));
            if (!steps.contains(Sample.FIRST) || !Sample.STEPS.containsAll(steps)) {
                // the no-op and the config change redeploy what the first deploy created
                throw new IllegalArgumentException("--steps takes " + String.join(",", Sample.STEPS)
                        + " or some of them with " + Sample.FIRST + ", got " + String.join(",", steps));
            }
            return new Options(root, values.getOrDefault("classpath", ""), values.getOrDefault("plugin-version", ""),
                    Path.of(values.getOrDefault("maven-repo", root.resolve("bench/target/m2").toString())),
                    Path.of(values.getOrDefault("maven-settings", root.resolve("bench/target/settings.xml").toString())),
                    Path.of(values.getOrDefault("results", root.resolve("bench/results").toString())),
                    reps, List.of(values.getOrDefault("fixtures", "own,yu-leo-prod").split(",")),
                    values.containsKey("fixtures"),
                    List.of(values.getOrDefault("variants", String.join(",", ALL_VARIANTS)).split(",")),
                    Sample.STEPS.stream().filter(steps::contains).toList());
        }

        static String usage() {
            return "bench/run [--reps N] [--fixtures own,yu-leo-prod] [--variants "
                    + String.join(",", ALL_VARIANTS) + "] [--steps " + String.join(",", Sample.STEPS)
                    + "] [--results DIR]";
        }
    }
}
