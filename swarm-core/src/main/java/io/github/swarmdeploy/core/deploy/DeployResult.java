package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.rollout.RolloutReport;
import io.github.swarmdeploy.core.rollout.ServiceOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a deploy did: the plan, what happened to each service, and how it ended.
 *
 * @param plan       what was planned (all of it was applied unless {@code failure} says otherwise)
 * @param dryRun     whether nothing was changed on purpose
 * @param services   one entry per service in the plan, in plan order
 * @param rollout    the verdicts of watching the rollout, when it was watched
 * @param failure    why the deploy failed, when it did (a refused change or a failed rollout)
 * @param record     its number in the stack's history, when it was recorded (it changed something)
 */
public record DeployResult(String stack, Plan plan, boolean dryRun, List<ServiceResult> services,
                           Optional<RolloutReport> rollout, Instant startedAt, Instant finishedAt,
                           Optional<RuntimeException> failure, OptionalLong record) {

    /** A result not (yet) recorded in the stack's history. */
    public DeployResult(String stack, Plan plan, boolean dryRun, List<ServiceResult> services,
                        Optional<RolloutReport> rollout, Instant startedAt, Instant finishedAt,
                        Optional<RuntimeException> failure) {
        this(stack, plan, dryRun, services, rollout, startedAt, finishedAt, failure, OptionalLong.empty());
    }

    /** The same result, recorded as {@code sequence} in the stack's history. */
    public DeployResult withRecord(long sequence) {
        return new DeployResult(stack, plan, dryRun, services, rollout, startedAt, finishedAt, failure,
                OptionalLong.of(sequence));
    }

    public DeployResult {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(plan, "plan");
        services = List.copyOf(services);
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(record, "record");
    }

    public boolean isSuccess() {
        return failure.isEmpty();
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * Throws the failure, if any, carrying this result: a {@link DeployInterruptedException} when the engine was lost,
     * else a {@link DeployFailedException}, each with the failure's message and the failure as its cause. Returns this
     * result otherwise.
     */
    public DeployResult throwIfFailed() {
        if (failure.isEmpty()) {
            return this;
        }
        RuntimeException cause = failure.get();
        if (cause instanceof InfrastructureException lost) {
            throw new DeployInterruptedException(lost, this);
        }
        if (cause instanceof SwarmDeployException failed) {
            throw new DeployFailedException(failed, this);
        }
        throw cause;
    }

    /**
     * One service's part in the deploy.
     *
     * @param action         what the plan said
     * @param image          the image the plan deploys
     * @param previousImage  the image it ran before ("" for a new service)
     * @param versionBefore  the service's {@code Version.Index} before (0 for a new service)
     * @param versionAfter   its {@code Version.Index} after the deploy, when it still exists
     * @param applyDuration  how long the create/update/remove call took, when one was made
     * @param outcome        {@code created}, {@code updated}, {@code unchanged}, {@code removed}, {@code kept},
     *                       {@code planned} (dry run), {@code refused: …} or {@code not deployed: …}
     * @param rollout        the rollout verdict, when it was watched
     */
    public record ServiceResult(String name, Change.Action action, String image, String previousImage,
                                long versionBefore, Optional<Long> versionAfter, Optional<Duration> applyDuration,
                                String outcome, Optional<ServiceOutcome> rollout) {
    }
}
