package io.github.swarmdeploy.core.prune;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a prune decision needs, read at one moment: the configs, secrets and networks labelled with
 * the stack's namespace, what every service in the swarm (of any stack) points at, and what the records of the
 * stack's history that a rollback may return to use.
 *
 * @param history the newest records (the history's keep) of the stack's history, each with the configs and
 *                secrets its services use
 */
public record StackSnapshot(String stack, List<StackObject> objects, List<ServiceUsage> services,
                            List<RecordUsage> history) {

    public StackSnapshot {
        Objects.requireNonNull(stack, "stack");
        objects = List.copyOf(objects);
        services = List.copyOf(services);
        history = List.copyOf(history);
    }

    /** A stack without deploy history. */
    public StackSnapshot(String stack, List<StackObject> objects, List<ServiceUsage> services) {
        this(stack, objects, services, List.of());
    }

    /** The configs and secrets (by name) the services of record {@code sequence} use. */
    public record RecordUsage(long sequence, Set<String> configs, Set<String> secrets) {

        public RecordUsage {
            configs = Set.copyOf(configs);
            secrets = Set.copyOf(secrets);
        }

        boolean uses(StackObject object) {
            return switch (object.kind()) {
                case CONFIG -> configs.contains(object.name());
                case SECRET -> secrets.contains(object.name());
                case NETWORK -> false; // a rollback creates a network again
            };
        }
    }
}
