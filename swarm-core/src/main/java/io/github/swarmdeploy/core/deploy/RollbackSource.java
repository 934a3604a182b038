package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.history.AppliedStack;
import io.github.swarmdeploy.core.history.DeployHistory;
import io.github.swarmdeploy.core.history.DeployRecord;
import io.github.swarmdeploy.core.history.HistorySeal;
import io.github.swarmdeploy.core.history.RollbackTarget;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.plan.LiveStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A rollback as a deploy: the stack as a record of its history left it ({@link RollbackTarget} chooses which), read
 * under the stack's lock. Services whose spec differs are updated to the recorded spec (image and digest as
 * recorded), services the record does not have are removed, services it has and the swarm does not are created
 * again, networks it used and that are gone are created again. The configs and secrets it uses must still be there
 * (a rollback cannot re-create their content): one that is gone refuses the rollback, naming it, before any change.
 */
final class RollbackSource implements DeploySource {

    private final SwarmApi engine;
    private final String stack;
    private final OptionalLong to;
    private final EventListener events;
    private DeployRecord target;

    /** @param to the record to return to; empty: the previous successful deploy */
    RollbackSource(SwarmApi engine, String stack, OptionalLong to, EventListener events) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.stack = Objects.requireNonNull(stack, "stack");
        this.to = Objects.requireNonNull(to, "to");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public String stack() {
        return stack;
    }

    @Override
    public boolean isReadUnderLock() {
        return true; // a deploy may have been recorded while this one waited for the lock
    }

    @Override
    public DesiredStack desired(SecretVersionKey key) {
        List<DeployRecord> records = new DeployHistory(engine, stack, EventListener.IGNORE)
                .fetchRecords(Optional.of(HistorySeal.of(key)));
        DeployRecord chosen;
        try {
            chosen = RollbackTarget.choose(stack, records, to);
        } catch (RollbackTarget.NoTargetException e) {
            throw new SwarmDeployException("cannot roll back: " + e.getMessage() + "; nothing was changed");
        }
        if (target == null || target.sequence() != chosen.sequence()) {
            events.info("Rolling back stack " + stack + " to #" + chosen.sequence() + ": the " + chosen.kind().word()
                    + " of " + chosen.render().split(" {2}")[1] + (chosen.origin().describe().isEmpty() ? ""
                    : ", " + chosen.origin().describe()));
        }
        target = chosen;
        return desiredStack(stack, chosen.specs().orElseThrow());
    }

    /** The recorded stack as the Swarm objects to deploy: its services, its networks, its configs and secrets by name. */
    static DesiredStack desiredStack(String stack, AppliedStack applied) {
        List<DesiredService> services = new ArrayList<>();
        for (AppliedStack.AppliedService service : applied.services()) {
            services.add(new DesiredService(service.key(), service.name(), service.dependsOn(),
                    ids -> ids.map(known -> AppliedStack.withIds(service.spec(), known)).orElseGet(service::spec)));
        }
        List<DesiredConfig> configs = applied.configNames().stream().map(name -> DesiredConfig.external(name, name))
                .toList();
        List<DesiredSecret> secrets = applied.secretNames().stream().map(name -> DesiredSecret.external(name, name))
                .toList();
        return new DesiredStack(stack, applied.networks(), configs, secrets, services);
    }

    @Override
    public Function<String, Optional<Position>> positionOf() {
        return path -> Optional.of(Position.ofFile("#" + target.sequence()));
    }

    /** The configs, secrets and external networks the record uses that are no longer there. */
    @Override
    public List<String> problems(DesiredStack desired, LiveStack live) {
        AppliedStack applied = target.specs().orElseThrow();
        List<String> problems = new ArrayList<>();
        for (String config : applied.configNames()) {
            if (live.config(config).isEmpty()) {
                problems.add(gone("config", config, users(applied, "Configs", "ConfigName", config)));
            }
        }
        for (String secret : applied.secretNames()) {
            if (live.secret(secret).isEmpty()) {
                problems.add(gone("secret", secret, users(applied, "Secrets", "SecretName", secret)));
            }
        }
        for (DesiredNetwork network : applied.networks()) {
            if (network.external() && !network.isPredefined() && live.network(network.name()).isEmpty()) {
                problems.add("external network " + network.name() + " is gone; create it again (docker network create"
                        + " --driver overlay --scope swarm " + network.name() + ") to roll back to #" + target.sequence());
            }
        }
        return problems;
    }

    private String gone(String kind, String name, String users) {
        return kind + " " + name + " (used by " + users + " in #" + target.sequence() + ") is gone: StackDeployment.prune removed"
                + " it (it keeps what the newest records of the history (" + Option.HISTORY_KEEP + ") need) or someone did by hand; a rollback"
                + " cannot bring back its content";
    }

    private static String users(AppliedStack applied, String list, String field, String name) {
        List<String> names = applied.services().stream().filter(service -> service.spec().path("TaskTemplate")
                        .path("ContainerSpec").path(list).findValuesAsText(field).contains(name))
                .map(AppliedStack.AppliedService::name).toList();
        return (names.size() == 1 ? "service " : "services ") + String.join(", ", names);
    }

    @Override
    public RuntimeException refusal(List<String> problems) {
        return new SwarmDeployException(problems.stream().map(problem -> "  " + problem).collect(Collectors.joining(
                "\n", "cannot roll back stack " + stack + " to #" + target.sequence() + " (" + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems") + "); nothing on the swarm was changed:\n",
                "")));
    }

    @Override
    public DeployRecord.Kind kind() {
        return DeployRecord.Kind.ROLLBACK;
    }

    @Override
    public OptionalLong returnedTo() {
        return target == null ? OptionalLong.empty() : OptionalLong.of(target.sequence());
    }
}
