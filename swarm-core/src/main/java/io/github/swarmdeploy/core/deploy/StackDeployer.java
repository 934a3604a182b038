package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.lock.ReleaseOnShutdown;
import io.github.swarmdeploy.core.lock.StackLock;
import io.github.swarmdeploy.core.lock.StackLockedException;
import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmNode;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.event.LogEvent;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.history.HistoryOptions;
import io.github.swarmdeploy.core.history.HistorySeal;
import io.github.swarmdeploy.core.history.PlanRecords;
import io.github.swarmdeploy.core.image.DistributionLookup;
import io.github.swarmdeploy.core.image.ImageReference;
import io.github.swarmdeploy.core.image.RegistryAuthHeader;
import io.github.swarmdeploy.core.image.RegistryCredentials;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.ImagePinning;
import io.github.swarmdeploy.core.plan.LiveStack;
import io.github.swarmdeploy.core.plan.LiveStackReader;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.plan.Promotion;
import io.github.swarmdeploy.core.plan.StackPlanner;
import io.github.swarmdeploy.core.rollout.Rollout;
import io.github.swarmdeploy.core.rollout.RolloutReport;
import io.github.swarmdeploy.core.rollout.RolloutWatcher;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;
import io.github.swarmdeploy.core.rollout.Verdict;
import io.github.swarmdeploy.core.rollout.WatchedService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Deploys a converted stack: validate against the swarm, plan, apply in order (networks, secrets, configs,
 * then services in {@code depends_on} order, all in parallel up to a bound), watch the rollout. Everything
 * that could fail half-way is checked before the first change; two deploys of a stack never interleave
 * ({@link StackLock}).
 */
public final class StackDeployer {

    /** How long a deploy stopped by a JVM shutdown waits for the changes under way before it says what it did. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final SwarmApi engine;
    private final DeployOptions options;
    private final EventListener events;
    private final Clock clock;
    private final UnaryOperator<RolloutWatcher> watcherSetup;
    private final HistoryOptions history;
    private final Optional<PromotionFrom> promotion;

    public StackDeployer(SwarmApi engine, DeployOptions options, EventListener events, Clock clock) {
        this(engine, options, events, clock, UnaryOperator.identity());
    }

    /** @param watcherSetup applied to each rollout watcher the deploy makes (tests: a fake clock and sleeper) */
    StackDeployer(SwarmApi engine, DeployOptions options, EventListener events, Clock clock,
                  UnaryOperator<RolloutWatcher> watcherSetup) {
        this(engine, options, events, clock, watcherSetup, HistoryOptions.defaults(), Optional.empty());
    }

    private StackDeployer(SwarmApi engine, DeployOptions options, EventListener events, Clock clock,
                          UnaryOperator<RolloutWatcher> watcherSetup, HistoryOptions history,
                          Optional<PromotionFrom> promotion) {
        this.engine = engine;
        this.options = options;
        this.events = events;
        this.clock = clock;
        this.watcherSetup = watcherSetup;
        this.history = history;
        this.promotion = promotion;
    }

    /** How the deploy is recorded in the stack's history: how many records stay, where the deploy came from. */
    public StackDeployer withHistory(HistoryOptions value) {
        return new StackDeployer(engine, options, events, clock, watcherSetup, Objects.requireNonNull(value, "history"),
                promotion);
    }

    /**
     * Promotion by digest: each service whose image repository a service of {@code source} runs gets the exact image
     * it runs ({@link Promotion}); the others resolve their images as usual. A source service that is not converged,
     * or a repository that does not match its namesake's, refuses the deploy before any change.
     */
    public StackDeployer withPromotion(PromotionFrom source) {
        return new StackDeployer(engine, options, events, clock, watcherSetup, history, Optional.of(source));
    }

    /**
     * Returns the stack to a record of its history: the previous successful deploy, or record {@code to}. A deploy in
     * every other respect (plan, lock, checks before the first change, rollout watched, recorded in the history as a
     * rollback), of the recorded specs: images as recorded, services the record does not have removed.
     *
     * @throws SwarmDeployException when there is no such record, or a config or secret it uses is gone (nothing
     *                              changed)
     */
    public DeployResult rollback(String stack, OptionalLong to) {
        return new StackDeployer(engine, options.withImages(ImagePolicy.NEVER, false).withRemoveOrphans(true), events, clock,
                watcherSetup, history, Optional.empty()).deploy(new RollbackSource(engine, stack, to, events));
    }

    /**
     * Plans and, unless this is a dry run, applies the stack.
     *
     * @param stack   the stack's name
     * @param convert the stack's Swarm objects, its secrets named with the given key (the stack's own, read from
     *                the swarm; before the first deploy, a new one that only a real deploy stores)
     * @param positionOf where a key path of the stack is written ({@code file:line:col}), when it is known
     * @throws StackNotDeployableException when a check before the first change fails (nothing changed)
     * @throws StackLockedException        when another deploy held the stack for longer than the lock wait
     */
    public DeployResult deploy(String stack, Function<SecretVersionKey, DesiredStack> convert,
                               Function<String, Optional<Position>> positionOf) {
        return deploy(DeploySource.of(stack, convert, positionOf));
    }

    /**
     * Plans and, unless this is a dry run, applies what {@code source} gives (a stack's files, or a record of its
     * history to return to), and records it in the stack's history when it changes anything.
     *
     * <p>A deploy of files that finds the stack (deployed before: it has its key) as written and healthy, while
     * nobody holds its lock, ends there without taking the lock: it writes nothing, so there is nothing to keep apart
     * from another deploy. Every other deploy plans again under the lock. That is safe because a deploy writes only
     * under the lock: one that took it after this deploy found it free either wrote nothing yet when the stack was
     * read (this deploy's answer was true then), or wrote something the plan sees as a change, and this deploy takes
     * the lock.
     *
     * @throws StackNotDeployableException when a check before the first change fails (nothing changed)
     * @throws StackLockedException        when another deploy held the stack for longer than the lock wait
     */
    public DeployResult deploy(DeploySource source) {
        Instant startedAt = clock.instant();
        SecretKeyStore keys = new SecretKeyStore(engine, source.stack());
        Optional<SecretVersionKey> stored = keys.fetch();
        SecretVersionKey key = stored.orElseGet(SecretVersionKey::generate);
        DesiredStack desired = source.desired(key);
        Preflight preflight = new Preflight(source.positionOf());
        List<Problem> fileProblems = new ArrayList<>(preflight.checkImages(desired));
        fileProblems.addAll(preflight.checkSharedNames(desired));
        if (!fileProblems.isEmpty()) {
            throw new StackNotDeployableException(desired.name(), fileProblems);
        }
        Run run = new Run(source, keys, preflight, digestsOnce(), startedAt);
        if (options.dryRun()) {
            return planAndApply(run, desired, stored, key, Optional.empty(), new DeployJournal()).orElseThrow();
        }
        // without a key this swarm-deploy never deployed the stack (the first deploy that changes anything stores one):
        // the plan changes something, and the deploy goes straight to the lock
        if (stored.isPresent() && !source.isReadUnderLock() && promotion.isEmpty()
                && !StackLock.exists(engine, desired.name())) {
            Optional<DeployResult> unchanged = planAndApply(run, desired, stored, key, Optional.empty(),
                    new DeployJournal());
            if (unchanged.isPresent()) {
                return unchanged.get();
            }
        }
        DeployJournal journal = new DeployJournal();
        ReleaseOnShutdown guard = ReleaseOnShutdown.register(StackLock.acquire(engine, desired.name(), options.lock(),
                clock, events), events, () -> {
                    journal.stop(STOP_WAIT);
                    return "the deploy of stack " + source.stack() + " stops here; " + journal.summary();
                });
        try {
            if (stored.isEmpty()) {
                // a deploy that held the lock before us may have created the key meanwhile
                stored = keys.fetch();
                if (stored.isPresent()) {
                    key = stored.get();
                    desired = source.desired(key);
                }
            } else if (source.isReadUnderLock()) {
                desired = source.desired(key);
            }
            return planAndApply(run, desired, stored, key, Optional.of(guard.lock()), journal).orElseThrow();
        } finally {
            guard.close();
        }
    }

    /**
     * Reads the stack, checks, plans and applies. Without a lock (and not a dry run) it goes no further than the plan
     * unless the plan changes nothing and finds every service healthy, and is then empty: the caller takes the lock
     * and comes again.
     */
    private Optional<DeployResult> planAndApply(Run run, DesiredStack desired, Optional<SecretVersionKey> stored,
                                                SecretVersionKey key, Optional<StackLock> lock, DeployJournal journal) {
        DeploySource source = run.source();
        Preflight preflight = run.preflight();
        Instant startedAt = run.startedAt();
        boolean mustLock = lock.isEmpty() && !options.dryRun();
        LiveStackReader.Fetched fetched = new LiveStackReader(engine).fetch(desired.name(),
                desired.configs().stream().map(DesiredConfig::name).collect(Collectors.toSet()),
                desired.secrets().stream().map(DesiredSecret::name).collect(Collectors.toSet()));
        LiveStack live = fetched.stack();
        List<String> sourceProblems = source.problems(desired, live);
        if (!sourceProblems.isEmpty()) {
            throw source.refusal(sourceProblems);
        }
        Map<String, ImagePinning.Decision> images = decideImages(desired, live, run.digests());
        List<SwarmNode> nodes = fetched.nodes();
        List<Problem> problems = new ArrayList<>(preflight.checkAgainst(desired, live, images, options.strictImages()));
        problems.addAll(preflight.checkPlacement(desired, nodes));
        if (!problems.isEmpty()) {
            throw new StackNotDeployableException(desired.name(), problems);
        }
        Plan plan = new StackPlanner().plan(desired, live, images, options.removeOrphans());
        if (mustLock && plan.hasChanges()) {
            return Optional.empty();
        }
        Map<String, ServiceOutcome> looks = lookAtUnchangedServices(plan, fetched);
        if (mustLock && looks.values().stream().anyMatch(look -> look.verdict() != Verdict.HEALTHY)) {
            // watched like an update, under the lock: no other deploy changes it meanwhile
            return Optional.empty();
        }
        plan = plan.withUnhealthy(notHealthy(looks));
        warnUnpinned(desired, images);
        preflight.warnings(desired, (int) nodes.stream().filter(SwarmNode::isAvailable).count())
                .forEach(events::warn);
        boolean ownSecrets = !desired.secrets().stream().allMatch(DesiredSecret::external);
        // the key names the secret versions and seals the specs the history keeps
        Optional<SecretVersionKey> keyToCreate = stored.isPresent() || !(ownSecrets || plan.hasChanges())
                ? Optional.empty() : Optional.of(key);
        if (keyToCreate.isPresent() && ownSecrets && options.dryRun()) {
            events.info("stack " + desired.name() + " has no key for naming its secret versions yet (config "
                    + run.keys().name() + "): the first deploy creates it, so the secret names below, hashed under a"
                    + " throwaway key, will differ");
        }
        plan.render().forEach(line -> events.on(LogEvent.info(line)));
        for (Plan.ServiceStep step : plan.services()) {
            step.spec().ifPresent(spec -> live.features().unsupportedIn(spec).forEach(field -> events.warn(
                    step.change().name() + ": the engine ignores " + field)));
        }
        if (options.dryRun()) {
            events.info("dry run: nothing was changed");
            return Optional.of(new DeployResult(desired.name(), plan, true, results(plan, Map.of(), Map.of(), Map.of(),
                    Map.of()), Optional.empty(), startedAt, clock.instant(), Optional.empty()));
        }
        if (lock.isPresent() && lock.get().isLost()) {
            // everything read may be stale by now: change nothing
            throw new StackLockedException("stack " + desired.name() + ": lost the deploy lock " + lock.get().name()
                    + " before changing anything (see the warning above); nothing was changed, deploy again");
        }
        BooleanSupplier lost = () -> lock.isPresent() && lock.get().isLost();
        journal.planned(plan);
        if (keyToCreate.isPresent()) {
            SecretVersionKey created = keyToCreate.get();
            journal.change("creating config " + run.keys().name(), () -> createKey(run.keys(), created, live));
        }
        if (!plan.hasChanges()) {
            // nothing changes: the look just taken is the verdict of a service found healthy
            Map<String, ServiceOutcome> healthy = new LinkedHashMap<>(looks);
            healthy.values().removeIf(look -> look.verdict() != Verdict.HEALTHY);
            return Optional.of(apply(desired, live, plan, startedAt, healthy, lost, journal));
        }
        DeployHistory records = new DeployHistory(engine, desired.name(), events);
        DeployRecord started = PlanRecords.of(records.nextSequence(), source.kind(), source.returnedTo(), startedAt,
                history.origin(), desired, live, plan, images);
        HistorySeal seal = HistorySeal.of(key);
        AtomicReference<DeployHistory.Written> written = new AtomicReference<>();
        journal.change("recording deploy #" + started.sequence() + " in the stack's history",
                () -> written.set(records.start(started, Optional.of(seal))));
        DeployResult result;
        try {
            result = apply(desired, live, plan, startedAt, Map.of(), lost, journal);
        } catch (RuntimeException e) {
            records.finish(written.get(), DeployRecord.Outcome.FAILED, clock.instant(), e.getMessage(),
                    history.keep());
            throw e;
        }
        DeployRecord finished = records.finish(written.get(), result.isSuccess() ? DeployRecord.Outcome.SUCCEEDED
                : DeployRecord.Outcome.FAILED, result.finishedAt(),
                result.failure().map(RuntimeException::getMessage).orElse(""), history.keep());
        events.info("recorded as " + finished.kind().word() + " #" + finished.sequence() + " in the history of stack "
                + desired.name() + " (" + finished.outcome().text() + ")");
        return Optional.of(result.withRecord(finished.sequence()));
    }

    /** What one deploy call keeps while it plans, once without the lock and again under it. */
    private record Run(DeploySource source, SecretKeyStore keys, Preflight preflight,
                       Function<ImageReference, DistributionLookup.Result> digests, Instant startedAt) {
    }

    /**
     * Stores the key the plan named the secrets with: the first change of the deploy. Another deploy can have
     * created one only without holding the lock; then nothing was changed and the deploy is refused.
     */
    private void createKey(SecretKeyStore keys, SecretVersionKey key, LiveStack live) {
        if (!keys.create(key).equals(key)) {
            throw new StackLockedException("stack " + live.stack() + ": another deploy created the key that names its"
                    + " secret versions (config " + keys.name() + ") while this one held the deploy lock; nothing was"
                    + " changed, deploy again");
        }
        boolean earlierVersions = live.secrets().stream().anyMatch(secret -> secret.labels().containsKey(StackLabels.KEY));
        events.info("created config " + keys.name() + ": the stack's own key, which names its secret versions (a keyed"
                + " hash of their content, which reveals nothing of it) and seals the specs its deploy history keeps;"
                + " StackDeployment.prune never removes it"
                + (earlierVersions ? ". Secret versions deployed before it was there get new names once, and the"
                + " services that use them are updated once" : ""));
    }

    /**
     * One look at every service the plan leaves alone, before anything changes: a service that is not converged
     * and healthy (an earlier rollout failed, was cut short or is still going) is watched like an update, so a rerun
     * of a failed deploy fails again instead of passing because it changed nothing. It looks at the services, their
     * tasks and the nodes as the stack was just read.
     */
    private Map<String, ServiceOutcome> lookAtUnchangedServices(Plan plan, LiveStackReader.Fetched fetched) {
        List<WatchedService> unchanged = plan.services().stream()
                .filter(step -> step.change().action() == Change.Action.UNCHANGED && step.live().isPresent())
                .map(step -> WatchedService.unchanged(step.live().get().id(), step.change().name())).toList();
        Map<String, ServiceOutcome> looks = new LinkedHashMap<>();
        watcher(plan.stack(), events).checkHealth(unchanged, fetched.services(), fetched.currentTasks(),
                        fetched.nodes())
                .forEach(look -> looks.put(look.name(), look));
        return looks;
    }

    /** What the plan says of each unchanged service found not healthy. */
    private Map<String, String> notHealthy(Map<String, ServiceOutcome> looks) {
        Map<String, String> notes = new LinkedHashMap<>();
        looks.values().stream().filter(look -> look.verdict() != Verdict.HEALTHY).forEach(look -> notes.put(
                look.name(), "not healthy: " + look.state() + look.taskError().map(error -> "; last task error: "
                        + error).orElse("") + (options.waitForRollout()
                        ? "; watched like an update: the deploy fails unless it converges"
                        : "; not watched (" + Option.WAIT.is(false) + ")")));
        return notes;
    }

    private Map<String, ImagePinning.Decision> decideImages(DesiredStack desired, LiveStack live,
                                                            Function<ImageReference, DistributionLookup.Result> digests) {
        Map<String, ImagePinning.Decision> promoted = promotion.map(source -> promote(desired, source)).orElse(Map.of());
        ImagePinning pinning = new ImagePinning(options.imagePolicy(), digests);
        Map<String, ImagePinning.Decision> decisions = new LinkedHashMap<>();
        for (DesiredService service : desired.services()) {
            decisions.put(service.name(), promoted.containsKey(service.name()) ? promoted.get(service.name())
                    : pinning.decide(Preflight.image(service), live.service(service.name())));
        }
        return decisions;
    }

    /**
     * The registry's answer for each image, asked once per deploy: a deploy that plans again under the lock a moment
     * after it planned without it asks no registry twice.
     */
    private Function<ImageReference, DistributionLookup.Result> digestsOnce() {
        DistributionLookup lookup = new DistributionLookup(engine);
        Map<ImageReference, DistributionLookup.Result> answers = new ConcurrentHashMap<>();
        return reference -> answers.computeIfAbsent(reference, image -> lookup.fetchDigest(image, registryAuth(image)));
    }

    /** Warns once for each image whose digest could not be recorded (unless that refused the deploy). */
    private void warnUnpinned(DesiredStack desired, Map<String, ImagePinning.Decision> images) {
        if (options.strictImages()) {
            return;
        }
        Set<String> warned = new java.util.HashSet<>();
        for (DesiredService service : desired.services()) {
            ImagePinning.Decision decision = images.get(service.name());
            if (!decision.failed() || decision.promotedFrom().isPresent()) {
                continue;
            }
            String image = Preflight.image(service);
            if (warned.add(image)) {
                events.warn("image " + image + " could not be accessed on a registry to record its digest ("
                        + decision.problem() + "). Each node will access " + image + " independently, possibly leading"
                        + " to different nodes running different versions of the image.");
            }
        }
    }

    /** The promoted services' images; a refusal of any service refuses the deploy (nothing was changed). */
    private Map<String, ImagePinning.Decision> promote(DesiredStack desired, PromotionFrom from) {
        Promotion.Source source = from.fetch(engine);
        Promotion.Result result = Promotion.match(desired.services().stream()
                .map(service -> new Promotion.Target(service.key(), service.name(), Preflight.image(service)))
                .toList(), source);
        if (!result.refusals().isEmpty()) {
            throw new StackNotDeployableException(desired.name(), result.refusals().stream().map(Problem::general).toList());
        }
        if (result.decisions().isEmpty()) {
            events.warn("no service of stack " + desired.name() + " runs an image repository that " + source.name()
                    + " runs: nothing is promoted, every image is resolved as usual");
        }
        // an images file tells no platforms: the registry does, for the digest (as docker's client pins)
        DistributionLookup lookup = new DistributionLookup(engine);
        Map<String, ImagePinning.Decision> decisions = new LinkedHashMap<>();
        result.decisions().forEach((service, decision) -> {
            if (!decision.platforms().isEmpty()) {
                decisions.put(service, decision);
                return;
            }
            ImageReference image = ImageReference.parse(decision.image());
            decisions.put(service, new ImagePinning.Decision(decision.image(), decision.resolved(), decision.problem(),
                    lookup.fetchPlatforms(image, registryAuth(image)), decision.promotedFrom()));
        });
        return decisions;
    }

    private Optional<RegistryCredentials> registryAuth(ImageReference image) {
        return options.registryAuth().flatMap(credentials -> credentials.apply(image.registry()));
    }

    private Optional<String> registryAuthHeader(String image) {
        if (options.registryAuth().isEmpty() || !ImageReference.isValid(image)) {
            return Optional.empty();
        }
        ImageReference reference = ImageReference.parse(image);
        return Optional.of(RegistryAuthHeader.encode(reference.registryAddress(), registryAuth(reference)));
    }

    /**
     * Applies the plan on a bounded pool ({@link WriteSchedule}, {@link DeployOptions#parallelism()} writes at a
     * time): networks, secrets and configs at once, with the removals; then every service as soon as the services
     * it {@code depends_on} reached what the {@link DependsOn} mode asks (started, or up: running and healthy), not
     * once they also stayed up for their monitor window: the windows of all services are watched together, in the
     * same looks, until the end. A failure (a write refused, any service's rollout failed, the lock lost) stops
     * every write not yet started.
     *
     * @param healthy unchanged services found healthy a moment ago whose look stands as their verdict; the others
     *                left alone are looked at once more at the end (a deploy may have changed what they need)
     */
    private DeployResult apply(DesiredStack desired, LiveStack live, Plan plan, Instant startedAt,
                               Map<String, ServiceOutcome> healthy, BooleanSupplier lockLost,
                               DeployJournal journal) {
        EventListener events = EventListener.all(List.of(this.events, journal));
        PlanApplier applier = new PlanApplier(engine, live, events, this::registryAuthHeader);
        Map<String, String> ids = new ConcurrentHashMap<>();
        Map<String, Duration> durations = new ConcurrentHashMap<>();
        Map<String, String> outcomes = new ConcurrentHashMap<>();
        Map<String, ServiceOutcome> verdicts = new LinkedHashMap<>();
        Optional<Rollout> rollout = options.waitForRollout()
                ? Optional.of(watcher(desired.name(), events).start(remaining(startedAt))) : Optional.empty();
        Optional<RolloutReport> report = Optional.empty();
        RuntimeException failure = null;
        Rollout.Milestone milestone = options.dependsOn() == DependsOn.HEALTHY ? Rollout.Milestone.UP
                : Rollout.Milestone.STARTED;
        try (WriteSchedule schedule = new WriteSchedule(options.parallelism(), rollout, milestone,
                RolloutWatcher.DEFAULT_POLL_INTERVAL, lockLost, events)) {
            List<WriteSchedule.Step> first = new ArrayList<>();
            applier.objectWrites(plan).forEach(write -> first.add(WriteSchedule.Step.write(write.name(), Set.of(),
                    () -> {
                        journal.change("creating " + write.name(), write.create());
                        return Optional.empty();
                    })));
            for (Plan.ServiceStep step : plan.services()) {
                if (step.change().action() == Change.Action.REMOVE) {
                    first.add(WriteSchedule.Step.write(step.change().name(), Set.of(), () -> {
                        runStep(applier, step, ids, durations, outcomes, journal);
                        return Optional.empty();
                    }));
                }
            }
            failure = schedule.run(first).orElse(null);
            if (failure == null) {
                List<WatchedService> leftAlone = new ArrayList<>();
                failure = schedule.run(serviceSteps(applier, desired, plan, rollout, healthy, leftAlone, ids,
                        durations, outcomes, journal)).orElse(null);
                rollout.ifPresent(r -> r.add(leftAlone));
            }
            if (rollout.isPresent()) {
                RolloutReport finished = rollout.get().finish();
                report = finished.outcomes().isEmpty() ? Optional.empty() : Optional.of(finished);
                finished.outcomes().forEach(outcome -> verdicts.put(outcome.name(), outcome));
                if (!finished.isSuccess() && failure == null) {
                    failure = new DeployFailedException(finished.failureMessage());
                }
            }
        } catch (SwarmDeployException e) {
            failure = e;
        }
        if (failure instanceof InfrastructureException lost) {
            // the engine is gone (for longer than the watch rides out): say what stands and what nobody saw end
            failure = new InfrastructureException(lost.getMessage() + "\nstack " + desired.name()
                    + ": the deploy could not finish; " + journal.summary(), lost);
        }
        if (failure != null) {
            RuntimeException cause = failure;
            plan.services().stream().map(step -> step.change().name()).filter(name -> !outcomes.containsKey(name))
                    .forEach(name -> outcomes.put(name, "not deployed: " + firstLine(cause.getMessage())));
        }
        // a plan without changes writes no service: each is at the version this deploy read
        Map<String, Long> versions = failure instanceof InfrastructureException ? Map.of()
                : plan.hasChanges() ? fetchVersions(desired.name(), ids) : versionsRead(plan);
        return new DeployResult(desired.name(), plan, false, results(plan, versions, durations, outcomes, verdicts),
                report, startedAt, clock.instant(), Optional.ofNullable(failure));
    }

    /**
     * The plan's services as steps of the schedule, each after those it {@code depends_on} ({@link ServiceOrder}).
     * Services left alone are written nowhere: one found unhealthy is watched from the start (its dependents wait
     * for it as for an update), the others ({@code leftAlone}) are added to the rollout once the writes are done,
     * for their one look at the end.
     */
    private List<WriteSchedule.Step> serviceSteps(PlanApplier applier, DesiredStack desired, Plan plan,
                                                  Optional<Rollout> rollout, Map<String, ServiceOutcome> healthy,
                                                  List<WatchedService> leftAlone, Map<String, String> ids,
                                                  Map<String, Duration> durations, Map<String, String> outcomes,
                                                  DeployJournal journal) {
        Map<String, Set<String>> order = ServiceOrder.dependencies(plan, desired, options.dependsOn());
        List<WriteSchedule.Step> steps = new ArrayList<>();
        List<ServiceOutcome> healthyLooks = new ArrayList<>();
        for (Plan.ServiceStep step : plan.services()) {
            String name = step.change().name();
            switch (step.change().action()) {
                case CREATE, UPDATE -> steps.add(WriteSchedule.Step.write(name, order.get(name), () -> {
                    String id = runStep(applier, step, ids, durations, outcomes, journal);
                    return Optional.of(step.change().action() == Change.Action.CREATE
                            ? WatchedService.created(id, name) : WatchedService.updated(id, name));
                }));
                case UNCHANGED, KEEP -> {
                    step.live().ifPresent(service -> ids.put(name, service.id()));
                    outcomes.put(name, step.change().action() == Change.Action.KEEP ? "kept" : "unchanged");
                    Optional<WatchedService> watched = Optional.empty();
                    if (step.change().action() == Change.Action.UNCHANGED && step.live().isPresent()) {
                        String id = step.live().get().id();
                        if (healthy.containsKey(name)) {
                            healthyLooks.add(healthy.get(name));
                        } else if (plan.notHealthy(step.change()).isPresent()) {
                            watched = Optional.of(WatchedService.unhealthy(id, name));
                        } else {
                            leftAlone.add(WatchedService.unchanged(id, name));
                        }
                    }
                    watched.ifPresent(service -> rollout.ifPresent(r -> r.add(List.of(service))));
                    steps.add(WriteSchedule.Step.leftAlone(name, watched));
                }
                default -> {
                    // removals ran before
                }
            }
        }
        rollout.ifPresent(r -> r.addHealthy(healthyLooks));
        return steps;
    }

    /** A rollout watcher for the stack: one look lists the stack's services and tasks by its label. */
    private RolloutWatcher watcher(String stack, EventListener listener) {
        return watcherSetup.apply(new RolloutWatcher(engine, listener).inStack(stack));
    }

    private Duration remaining(Instant startedAt) {
        Duration left = options.timeout().minus(Duration.between(startedAt, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private String runStep(PlanApplier applier, Plan.ServiceStep step, Map<String, String> ids,
                           Map<String, Duration> durations, Map<String, String> outcomes, DeployJournal journal) {
        String name = step.change().name();
        Instant start = clock.instant();
        try {
            String id = journal.change(step.change(), () -> applier.applyService(step));
            ids.put(name, id);
            outcomes.put(name, switch (step.change().action()) {
                case CREATE -> "created";
                case UPDATE -> "updated";
                case REMOVE -> "removed";
                default -> "unchanged";
            });
            return id;
        } catch (RuntimeException e) {
            outcomes.put(name, "refused: " + firstLine(e.getMessage()));
            throw e;
        } finally {
            durations.put(name, Duration.between(start, clock.instant()));
        }
    }

    /** Each service's version after the deploy: one read of the stack's services. */
    private Map<String, Long> fetchVersions(String stack, Map<String, String> ids) {
        Map<String, Long> versionById = new HashMap<>();
        engine.fetchServices(Filters.label(StackLabels.namespaceFilter(stack)))
                .forEach(service -> versionById.put(service.id(), service.version()));
        Map<String, Long> versions = new HashMap<>();
        ids.forEach((name, id) -> {
            Long version = versionById.get(id);
            if (version != null) {
                versions.put(name, version);
            }
        });
        return versions;
    }

    private static Map<String, Long> versionsRead(Plan plan) {
        Map<String, Long> versions = new HashMap<>();
        plan.services().forEach(step -> step.live().ifPresent(service -> versions.put(step.change().name(),
                service.version())));
        return versions;
    }

    private static List<DeployResult.ServiceResult> results(Plan plan, Map<String, Long> versions,
                                                            Map<String, Duration> durations,
                                                            Map<String, String> outcomes,
                                                            Map<String, ServiceOutcome> verdicts) {
        List<DeployResult.ServiceResult> results = new ArrayList<>();
        for (Plan.ServiceStep step : plan.services()) {
            String name = step.change().name();
            String previousImage = step.live().map(LiveStack.Service::image).orElse("");
            long before = step.live().map(LiveStack.Service::version).orElse(0L);
            results.add(new DeployResult.ServiceResult(name, step.change().action(), step.image(), previousImage, before,
                    Optional.ofNullable(versions.get(name)), Optional.ofNullable(durations.get(name)),
                    outcomes.getOrDefault(name, "planned"), Optional.ofNullable(verdicts.get(name))));
        }
        return results;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
