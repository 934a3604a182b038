package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.rollout.Rollout;
import io.github.swarmdeploy.core.rollout.WatchedService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs a deploy's writes to the engine on a bounded pool: every write whose prerequisites are met goes at once, at
 * most {@code parallelism} at a time; a write that must wait (a service after those it {@code depends_on}) goes as
 * soon as they reached the {@link Rollout.Milestone} asked for, seen by the rollout's looks, which go on while
 * writes are under way. Not watching a rollout, a service waits only until the calls of those it depends on
 * returned.
 *
 * <p>At the first refused write, the first failure verdict of the rollout, or when the stack's lock is lost, no
 * further write starts; those under way finish (a half-sent request is worse than a finished one), and every write
 * not started is left out. Driven from one thread, which alone touches the rollout.
 */
final class WriteSchedule implements AutoCloseable {

    /**
     * One write, or a service the deploy leaves alone that others may wait for.
     *
     * @param name    the object's name, unique in the schedule
     * @param after   names of the steps it waits for (those not in the schedule count as met)
     * @param write   the call; returns the service to watch from then on, if any. Empty: nothing to write
     * @param watched for a step without a write, the service the rollout already watches (its dependents wait for
     *                it to reach the milestone), if any
     */
    record Step(String name, Set<String> after, Optional<Supplier<Optional<WatchedService>>> write,
                Optional<WatchedService> watched) {

        Step {
            Objects.requireNonNull(name, "name");
            after = Set.copyOf(after);
        }

        static Step write(String name, Set<String> after, Supplier<Optional<WatchedService>> write) {
            return new Step(name, after, Optional.of(write), Optional.empty());
        }

        static Step leftAlone(String name, Optional<WatchedService> watched) {
            return new Step(name, Set.of(), Optional.empty(), watched);
        }
    }

    /** How long the driver waits for a write to finish before it looks at the rollout again, when something waits. */
    private final Duration lookInterval;
    private final ExecutorService pool;
    private final int parallelism;
    private final Optional<Rollout> rollout;
    private final Rollout.Milestone milestone;
    private final BooleanSupplier lockLost;
    private final EventListener events;

    /**
     * @param rollout   the deploy's rollout, when it watches one
     * @param milestone what a service waits for in those it depends on
     * @param lockLost  true once the stack's lock is lost: nothing more may be written
     */
    WriteSchedule(int parallelism, Optional<Rollout> rollout, Rollout.Milestone milestone, Duration lookInterval,
                  BooleanSupplier lockLost, EventListener events) {
        this.parallelism = parallelism;
        this.rollout = rollout;
        this.milestone = milestone;
        this.lookInterval = lookInterval;
        this.lockLost = lockLost;
        this.events = events;
        this.pool = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "swarm-deploy-write");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs the steps, each once those it waits for are met.
     *
     * @return the first failure that stopped the schedule (a refused write, the lock lost); empty when every write
     *         ran, or when the rollout failed (its report says why)
     */
    Optional<RuntimeException> run(List<Step> steps) {
        Map<String, Step> byName = new LinkedHashMap<>();
        steps.forEach(step -> byName.put(step.name(), step));
        Map<String, Optional<WatchedService>> done = new HashMap<>();
        steps.stream().filter(step -> step.write().isEmpty()).forEach(step -> done.put(step.name(), step.watched()));
        Map<String, Integer> heights = heights(steps);
        List<Step> waiting = new ArrayList<>(steps.stream().filter(step -> step.write().isPresent())
                .sorted(Comparator.comparingInt((Step step) -> -heights.get(step.name()))).toList());
        ExecutorCompletionService<Written> completion = new ExecutorCompletionService<>(pool);
        AtomicBoolean refusal = new AtomicBoolean();
        int inFlight = 0;
        RuntimeException failure = null;
        boolean stopped = false;
        while (true) {
            if (!stopped && rollout.map(Rollout::hasFailure).orElse(false)) {
                stopped = true;
            }
            if (!stopped && !waiting.isEmpty() && lockLost.getAsBoolean()) {
                failure = new SwarmDeployException("lost the stack's deploy lock while deploying (see the warning"
                        + " above): nothing more was changed");
                stopped = true;
            }
            for (int i = 0; !stopped && i < waiting.size() && inFlight < parallelism; ) {
                Step step = waiting.get(i);
                if (isMet(step, byName, done)) {
                    waiting.remove(i);
                    announce(step, byName, done);
                    Supplier<Optional<WatchedService>> write = step.write().orElseThrow();
                    completion.submit(() -> new Written(step.name(), refusedOnce(write, refusal)));
                    inFlight++;
                } else {
                    i++;
                }
            }
            if (inFlight == 0) {
                if (stopped || waiting.isEmpty()) {
                    break;
                }
                List<WatchedService> awaited = awaited(waiting, byName, done);
                if (rollout.isEmpty() || awaited.isEmpty()) {
                    throw new IllegalStateException("nothing under way and nothing to wait for, yet "
                            + waiting.stream().map(Step::name).toList() + " cannot go");
                }
                if (!rollout.get().awaitAny(awaited, milestone)) {
                    stopped = true;
                }
                continue;
            }
            Future<Written> finished;
            try {
                boolean someoneWaits = rollout.isPresent() && !waiting.isEmpty() && !stopped;
                finished = someoneWaits ? completion.poll(lookInterval.toMillis(), TimeUnit.MILLISECONDS)
                        : completion.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SwarmDeployException("interrupted while deploying; writes under way may still finish");
            }
            while (finished != null) {
                inFlight--;
                try {
                    Written written = finished.get();
                    done.put(written.name(), written.watched());
                    written.watched().ifPresent(service -> rollout.ifPresent(r -> r.add(List.of(service))));
                } catch (ExecutionException e) {
                    stopped = true;
                    if (failure == null && !(e.getCause() instanceof NotStarted)) {
                        failure = e.getCause() instanceof RuntimeException runtime ? runtime
                                : new InfrastructureException("deploy step failed: " + e.getCause(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SwarmDeployException("interrupted while deploying; writes under way may still finish");
                }
                finished = completion.poll();
            }
            rollout.ifPresent(Rollout::lookIfDue);
        }
        return Optional.ofNullable(failure);
    }

    /**
     * Runs the write unless another was refused since it was handed to the pool: the driver learns of a refusal only
     * when it takes that write's result, and may have handed out the next write in between.
     */
    private static Optional<WatchedService> refusedOnce(Supplier<Optional<WatchedService>> write,
                                                        AtomicBoolean refusal) {
        if (refusal.get()) {
            throw new NotStarted();
        }
        try {
            return write.get();
        } catch (RuntimeException e) {
            refusal.set(true);
            throw e;
        }
    }

    /** A write the pool did not start because another was refused first. */
    private static final class NotStarted extends RuntimeException {
        NotStarted() {
            super(null, null, false, false);
        }
    }

    /** What a write returned. */
    private record Written(String name, Optional<WatchedService> watched) {
    }

    /** Every step it waits for is written (or left alone) and, when watched, reached the milestone. */
    private boolean isMet(Step step, Map<String, Step> byName, Map<String, Optional<WatchedService>> done) {
        for (String name : step.after()) {
            if (!byName.containsKey(name)) {
                continue;
            }
            if (!done.containsKey(name)) {
                return false;
            }
            Optional<WatchedService> watched = done.get(name);
            if (rollout.isPresent() && watched.isPresent() && !rollout.get().hasReached(watched.get(), milestone)) {
                return false;
            }
        }
        return true;
    }

    /** The watched services some waiting step still waits for. */
    private List<WatchedService> awaited(List<Step> waiting, Map<String, Step> byName,
                                         Map<String, Optional<WatchedService>> done) {
        Set<WatchedService> awaited = new java.util.LinkedHashSet<>();
        for (Step step : waiting) {
            for (String name : step.after()) {
                Optional<WatchedService> watched = done.getOrDefault(name, Optional.empty());
                if (byName.containsKey(name) && watched.isPresent()
                        && !rollout.orElseThrow().hasReached(watched.get(), milestone)) {
                    awaited.add(watched.get());
                }
            }
        }
        return List.copyOf(awaited);
    }

    /** Says which services a step waited for, when it waited for any that the rollout watches. */
    private void announce(Step step, Map<String, Step> byName, Map<String, Optional<WatchedService>> done) {
        if (rollout.isEmpty()) {
            return;
        }
        List<String> waitedFor = step.after().stream()
                .filter(name -> byName.containsKey(name) && done.getOrDefault(name, Optional.empty()).isPresent())
                .sorted().toList();
        if (!waitedFor.isEmpty()) {
            events.info("depends_on: " + String.join(", ", waitedFor) + (waitedFor.size() == 1 ? " is " : " are ")
                    + (milestone == Rollout.Milestone.STARTED ? "started" : "up") + "; next: " + step.name());
        }
    }

    /**
     * For each step, the longest chain of steps that wait for it, directly or not: the steps with the longest
     * chains behind them go first. A step met again on its own chain (a cycle) adds nothing.
     */
    private static Map<String, Integer> heights(List<Step> steps) {
        Map<String, List<String>> waitingFor = new HashMap<>();
        steps.forEach(step -> step.after().forEach(name -> waitingFor.computeIfAbsent(name, k -> new ArrayList<>())
                .add(step.name())));
        Map<String, Integer> heights = new HashMap<>();
        steps.forEach(step -> height(step.name(), waitingFor, heights, new HashSet<>()));
        return heights;
    }

    private static int height(String name, Map<String, List<String>> waitingFor, Map<String, Integer> heights,
                              Set<String> onPath) {
        Integer known = heights.get(name);
        if (known != null) {
            return known;
        }
        if (!onPath.add(name)) {
            return 0;
        }
        int height = 0;
        for (String next : waitingFor.getOrDefault(name, List.of())) {
            height = Math.max(height, 1 + height(next, waitingFor, heights, onPath));
        }
        onPath.remove(name);
        heights.put(name, height);
        return height;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
