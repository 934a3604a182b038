package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.deploy.DeployFailedException;
import io.github.swarmdeploy.core.deploy.DeployInterruptedException;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.DeployReport;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.deploy.PromotionFrom;
import io.github.swarmdeploy.core.deploy.RemovalResult;
import io.github.swarmdeploy.core.deploy.RemoveOptions;
import io.github.swarmdeploy.core.deploy.SecretKeyStore;
import io.github.swarmdeploy.core.deploy.StackDeployer;
import io.github.swarmdeploy.core.deploy.StackRemoval;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.history.HistoryOptions;
import io.github.swarmdeploy.core.history.HistorySeal;
import io.github.swarmdeploy.core.history.StackStatus;
import io.github.swarmdeploy.core.history.StackStatusReader;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.gitlab.MergeRequestNotes;
import io.github.swarmdeploy.core.naming.ContentVersionNamer;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.prune.PruneOptions;
import io.github.swarmdeploy.core.prune.PruneReport;
import io.github.swarmdeploy.core.prune.StackPrune;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The entry point for deploying a stack from a front-end (the Maven plugin, a test, another tool): where the
 * stack comes from ({@link StackSource}, which names it), which engine, which options, who listens; then
 * {@link #plan()}, {@link #deploy()} or {@link #prune}. docs/embedding.md has a complete program.
 *
 * <pre>{@code
 * Map<String, String> environment = System.getenv();
 * try (EngineConnection engine = EngineConnection.open(EngineSettings.fromEnvironment(environment))) {
 *     ImageRelease images = ImageRelease.builder(directory).environment(environment).imagePrefix(prefix).build();
 *     ImageTag tag = images.tag();
 *     images.push(engine, tag, List.of("web"));
 *     StackSource source = StackSource.files(directory.resolve("compose.yaml")).stackName("shop_prod")
 *             .environmentVariables(environment)
 *             .variable("SWARM_TAG", tag.value());
 *     StackDeployment deployment = StackDeployment.builder(source)
 *             .engine(engine)
 *             .options(DeployOptions.defaults().withRemoveOrphans(true))
 *             .listener(event -> System.out.println(event.level() + " " + event.message()))
 *             .build();
 *     try {
 *         deployment.deploy().services().forEach(System.out::println);
 *     } catch (DeployFailedException e) {
 *         e.result().ifPresent(failed -> failed.services().forEach(System.out::println));
 *         throw e;
 *     }
 * }
 * }</pre>
 */
public final class StackDeployment {

    private final String stack;
    private final Supplier<StackDefinition> source;
    private final EngineConnection engine;
    private final DeployOptions options;
    private final EventListener events;
    private final Optional<Path> report;
    private final Optional<MergeRequestNotes> notes;
    private final Clock clock;
    private final HistoryOptions history;
    private final Optional<PromotionFrom> promotion;

    private StackDeployment(Builder builder) {
        this.stack = builder.stack;
        this.source = builder.source; // only plan() and deploy() need one: prune() reads the swarm alone
        this.engine = Objects.requireNonNull(builder.engine, "an engine connection");
        this.options = builder.options;
        this.events = builder.events;
        this.report = Optional.ofNullable(builder.report);
        this.notes = Optional.ofNullable(builder.notes);
        this.clock = builder.clock;
        this.history = builder.history;
        this.promotion = Optional.ofNullable(builder.promotion);
    }

    /** A deployment of the stack {@code source} names, from its files. */
    public static Builder builder(StackSource source) {
        Objects.requireNonNull(source, "source");
        return new Builder(source.stackName()).source(source);
    }

    /**
     * A deployment of the stack called {@code stack} (its namespace on the swarm), for what needs no files
     * ({@link #prune}) or a definition built in code ({@link Builder#definition}).
     */
    public static Builder builder(String stack) {
        return new Builder(stack);
    }

    public String stack() {
        return stack;
    }

    /** What a deploy would do, computed against the swarm; nothing is changed, no report is written. */
    public Plan plan() {
        Loaded loaded = loadWhileEngineAnswers();
        return deployer(options.withDryRun(true)).deploy(stack, loaded::convert, loaded.definition()::positionOf).plan();
    }

    /**
     * Deploys the stack (or, with {@link DeployOptions#dryRun()}, shows its plan) and writes the report.
     *
     * @throws SwarmDeployException      when the files are invalid or the swarm lacks what the stack needs (nothing
     *                                   changed in both cases)
     * @throws DeployFailedException     when the engine refused a change or the rollout failed: its
     *                                   {@link DeployFailedException#result()} holds the plan and each service's
     *                                   outcome
     * @throws DeployInterruptedException when the engine was lost during the deploy, with the same result
     */
    public DeployResult deploy() {
        return run("deployed", () -> {
            Loaded loaded = loadWhileEngineAnswers();
            return deployer(options).deploy(stack, loaded::convert, loaded.definition()::positionOf);
        });
    }

    /**
     * Returns the stack to a record of its history (swarm:rollback): the previous successful deploy, or record
     * {@code to}. Watched, reported and recorded like a deploy; with {@link DeployOptions#dryRun()} it shows its
     * plan. Needs no source.
     *
     * @throws SwarmDeployException when there is no record to return to, a config or secret it uses is gone (nothing
     *                              changed in both cases), the engine refused a change or the rollout failed
     */
    public DeployResult rollback(OptionalLong to) {
        return run("rolled back", () -> {
            engine.requireSwarmManager();
            return deployer(options).rollback(stack, to);
        });
    }

    /**
     * Removes the stack (swarm:remove): its services, then, once their tasks are gone, the networks, configs and
     * secrets swarm-deploy created for it; recorded in its history, which stays. Needs no source.
     */
    public RemovalResult remove(RemoveOptions removeOptions) {
        engine.requireSwarmManager();
        return new StackRemoval(engine.swarm(), events, clock).remove(stack, removeOptions.withHistory(history));
    }

    /** What the stack runs now, its last recorded step, and whether it drifted from it (swarm:status). Read-only. */
    public StackStatus status() {
        engine.requireSwarmManager();
        return new StackStatusReader(engine.swarm(), events).fetch(stack, seal());
    }

    /** The newest {@code limit} records of the stack's history, newest first (swarm:history). Read-only. */
    public List<DeployRecord> history(int limit) {
        OptionValues.atLeast(Option.HISTORY_COUNT, limit, 1, "");
        engine.requireSwarmManager();
        List<DeployRecord> records = new DeployHistory(engine.swarm(), stack, events).fetchRecords(seal());
        return records.subList(0, Math.min(limit, records.size()));
    }

    /** The seal of the stack's history, when the stack has its key. */
    private Optional<HistorySeal> seal() {
        return new SecretKeyStore(engine.swarm(), stack).fetch().map(HistorySeal::of);
    }

    private StackDeployer deployer(DeployOptions deployOptions) {
        StackDeployer deployer = new StackDeployer(engine.swarm(), deployOptions, events, clock).withHistory(history);
        return promotion.map(deployer::withPromotion).orElse(deployer);
    }

    /** Runs a deploy or rollback, writes its report and tells the merge request. */
    private DeployResult run(String done, Supplier<DeployResult> step) {
        Instant startedAt = clock.instant();
        DeployResult result;
        try {
            result = step.get();
        } catch (SwarmDeployException e) {
            report.ifPresent(file -> DeployReport.write(
                    DeployReport.ofFailure(stack, options.dryRun(), startedAt, clock.instant(), e), file));
            if (!options.dryRun()) {
                notes.ifPresent(note -> note.postDeployment(stack, List.of(), false, firstLine(e.getMessage())));
            }
            throw e;
        }
        report.ifPresent(file -> events.info("deploy report: " + DeployReport.write(DeployReport.of(result), file)));
        if (!result.dryRun()) {
            List<String> changed = result.services().stream()
                    .filter(service -> service.action() != Change.Action.UNCHANGED && service.action() != Change.Action.KEEP)
                    .map(DeployResult.ServiceResult::name).toList();
            notes.ifPresent(note -> note.postDeployment(stack, changed, result.isSuccess(),
                    result.failure().map(failure -> firstLine(failure.getMessage())).orElse("deployed")));
        }
        result.throwIfFailed();
        if (!result.dryRun()) {
            events.info("stack " + stack + " " + done + " in " + seconds(result) + " s");
        }
        return result;
    }

    /**
     * Removes the stack's config and secret versions and networks nothing uses any more, rollback-safely
     * (swarm:prune); typically after a successful {@link #deploy()}.
     */
    public PruneReport prune(PruneOptions pruneOptions) {
        engine.requireSwarmManager();
        return new StackPrune(engine.swarm(), events).run(stack, pruneOptions);
    }

    private static String firstLine(String message) {
        String text = message == null ? "failed" : message;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /**
     * Loads and converts the files while the engine is asked, in the background, whether it manages a swarm: in a
     * fresh JVM both take a few hundred milliseconds of mostly class loading, on a machine with more than one core at
     * once. The files' problems come first, as if the engine had not been asked: its answer, or failure, counts only
     * once they loaded. The question only reads.
     */
    private Loaded loadWhileEngineAnswers() {
        FutureTask<Void> manager = new FutureTask<>(engine::requireSwarmManager, null);
        Thread asking = new Thread(manager, "swarm-deploy engine check");
        asking.setDaemon(true);
        asking.start();
        Loaded loaded = loadAndConvert();
        try {
            manager.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while asking the Docker engine at " + engine.description()
                    + " whether it manages a swarm", e);
        }
        return loaded;
    }

    /**
     * Loads and converts, reporting every problem of the files at once, before the engine is asked anything:
     * the conversion that counts names the secrets with the stack's key, which only the swarm knows, so this one
     * uses a throwaway key and keeps its notes to itself.
     */
    private Loaded loadAndConvert() {
        StackDefinition definition = Objects.requireNonNull(source, "a source of the stack (files or a definition)").get();
        List<Event> notes = new ArrayList<>();
        DesiredStack checked = Loaded.convert(stack, definition, notes::add, SecretVersionKey.generate());
        // without secrets of its own the key names nothing: what was checked is what is deployed
        Optional<DesiredStack> keyless = checked.secrets().stream().allMatch(DesiredSecret::external)
                ? Optional.of(checked) : Optional.empty();
        return new Loaded(stack, definition, events, keyless, List.copyOf(notes));
    }

    /**
     * The stack's files, and how they become Swarm objects once the key for the secrets is known; a stack without
     * secrets of its own is converted once, and its conversion's notes are told when it is asked for.
     */
    private record Loaded(String stack, StackDefinition definition, EventListener events, Optional<DesiredStack> keyless,
                          List<Event> notes) {

        DesiredStack convert(SecretVersionKey secretKey) {
            if (keyless.isPresent()) {
                notes.forEach(events::on);
                return keyless.get();
            }
            return convert(stack, definition, events, secretKey);
        }

        static DesiredStack convert(String stack, StackDefinition definition, EventListener events,
                                    SecretVersionKey secretKey) {
            return new StackConverter(new ContentVersionNamer(definition, events, secretKey)).convert(stack, definition);
        }
    }

    private static String seconds(DeployResult result) {
        return String.format(java.util.Locale.ROOT, "%.1f", result.duration().toMillis() / 1000.0);
    }

    /** Collects what a deployment needs; {@link #build()} checks it. */
    public static final class Builder {

        private final String stack;
        private Supplier<StackDefinition> source;
        private EngineConnection engine;
        private DeployOptions options = DeployOptions.defaults();
        private EventListener events = EventListener.IGNORE;
        private Path report;
        private MergeRequestNotes notes;
        private Clock clock = Clock.systemUTC();
        private HistoryOptions history = HistoryOptions.defaults();
        private PromotionFrom promotion;

        private Builder(String stack) {
            this.stack = Objects.requireNonNull(stack, "stack");
        }

        /** Where the stack comes from: a loader of compose files, or a definition built in code. */
        public Builder source(Supplier<StackDefinition> value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /** The stack's files, loaded (and reported on to the listener) when a plan or deploy needs them. */
        private Builder source(StackSource value) {
            this.source = () -> value.load(events).definition();
            return this;
        }

        /** A stack definition already loaded (or built in code). */
        public Builder definition(StackDefinition value) {
            Objects.requireNonNull(value, "definition");
            this.source = () -> value;
            return this;
        }

        /** The engine to deploy to; the caller opens and closes it. */
        public Builder engine(EngineConnection value) {
            this.engine = Objects.requireNonNull(value, "engine");
            return this;
        }

        public Builder options(DeployOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        public Builder listener(EventListener value) {
            this.events = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Where to write the JSON report (also for a failed deploy); none when not given. */
        public Builder report(Path file) {
            this.report = file;
            return this;
        }

        /** Where to tell a merge request how the deploy went (stack, changed services, verdict); none by default. */
        public Builder mergeRequestNotes(MergeRequestNotes value) {
            this.notes = value;
            return this;
        }

        /** How deploys, rollbacks and removals are recorded in the stack's history (keep, origin). */
        public Builder history(HistoryOptions value) {
            this.history = Objects.requireNonNull(value, "history");
            return this;
        }

        /** Promotion by digest: services run the exact images {@code source} runs where their repositories match. */
        public Builder promotion(PromotionFrom source) {
            this.promotion = source;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public StackDeployment build() {
            return new StackDeployment(this);
        }
    }
}
