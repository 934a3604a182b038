package io.github.swarmdeploy.core.rollout;

import java.util.List;
import java.util.Optional;

/**
 * What one poll read about one service: the service (empty when it no longer exists), the tasks the
 * manager reports up to date with its current spec, every task of the service when the decision needs
 * them (replicas 0, finding the task a pause or rollback names; empty otherwise), and the swarm's nodes.
 */
record ServiceSnapshot(Optional<ServiceView> service, List<TaskView> currentTasks, List<TaskView> allTasks,
                       List<NodeView> nodes) {

    ServiceSnapshot {
        currentTasks = List.copyOf(currentTasks);
        allTasks = List.copyOf(allTasks);
        nodes = List.copyOf(nodes);
    }

    /** True when deciding about this service needs every task, not only those of the current spec. */
    static boolean needsAllTasks(ServiceView service) {
        return (service.mode() == ServiceView.Mode.REPLICATED && service.replicas() == 0)
                || switch (service.updateState()) {
                    case PAUSED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED -> true;
                    default -> false;
                };
    }
}
