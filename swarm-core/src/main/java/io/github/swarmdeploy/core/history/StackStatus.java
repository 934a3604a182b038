package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.image.ImageReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a stack runs now, for people and scripts ({@code swarm:status}): each service's image (tag and digest),
 * replicas running and desired, health, update state and, when it is not converged, its last task error, the
 * configs and secrets it uses; the stack's last recorded step; and drift, whether the services still run what the
 * last deploy (or rollback) applied. Nothing here is a secret value: specs are compared, not shown.
 *
 * @param lastRecord   the newest record of the stack's history, if any
 * @param drift        how the services differ from what the last deploy applied, when that is known (empty list: no
 *                     drift)
 * @param driftUnknown why drift is not known, "" when it is
 */
public record StackStatus(String stack, List<ServiceStatus> services, Optional<DeployRecord> lastRecord,
                          Optional<List<Drift.ServiceDrift>> drift, String driftUnknown) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public StackStatus {
        Objects.requireNonNull(stack, "stack");
        services = List.copyOf(services);
        Objects.requireNonNull(lastRecord, "lastRecord");
        drift = drift.map(List::copyOf);
        Objects.requireNonNull(driftUnknown, "driftUnknown");
    }

    /**
     * One service.
     *
     * @param image       the image its spec runs, as written there ({@code name:tag@sha256:…})
     * @param running     tasks of its current spec running
     * @param desired     tasks it should run (replicas, or one per eligible node for a global service)
     * @param healthy     where its spec wants it: every task running (healthy, with a healthcheck), no update under way
     * @param state       in words: {@code 2/2 running}, {@code an update of it is in progress (updating), 1/2 running}
     * @param updateState Swarm's {@code UpdateStatus.State}, "" when it has none
     * @param taskError   the last task error, when it is not healthy
     */
    public record ServiceStatus(String name, String image, long running, long desired, boolean healthy, String state,
                                String updateState, Optional<String> taskError, List<String> configs,
                                List<String> secrets) {

        public ServiceStatus {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(updateState, "updateState");
            Objects.requireNonNull(taskError, "taskError");
            configs = List.copyOf(configs);
            secrets = List.copyOf(secrets);
        }

        /** The tag ("" when none is written). */
        public String tag() {
            return ImageReference.isValid(image) ? ImageReference.parse(image).tag() : "";
        }

        /** The digest it is pinned to ("" when it is not). */
        public String digest() {
            return ImageReference.isValid(image) ? ImageReference.parse(image).digest() : "";
        }
    }

    /** Whether the services run something else than the last deploy applied. */
    public boolean hasDrift() {
        return drift.map(list -> !list.isEmpty()).orElse(false);
    }

    /** The status for people, a few lines. */
    public List<String> render() {
        List<String> lines = new ArrayList<>();
        lines.add("Stack " + stack + ": " + services.size() + (services.size() == 1 ? " service" : " services")
                + ", " + services.stream().filter(ServiceStatus::healthy).count() + " healthy");
        for (ServiceStatus service : services) {
            StringBuilder line = new StringBuilder("  ").append(service.name()).append("  ")
                    .append(DeployRecord.shortImage(service.image()));
            if (!service.digest().isEmpty()) {
                line.append("@").append(service.digest(), 0, Math.min(service.digest().length(), 19)).append("…");
            }
            line.append("  ").append(service.running()).append("/").append(service.desired()).append(" running  ")
                    .append(service.healthy() ? "healthy" : "not healthy: " + service.state());
            if (!service.updateState().isEmpty()) {
                line.append("  update ").append(service.updateState());
            }
            service.taskError().ifPresent(error -> line.append("; last task error: ").append(error));
            lines.add(line.toString());
            if (!service.configs().isEmpty() || !service.secrets().isEmpty()) {
                lines.add("    " + String.join(", ", versions(service)));
            }
        }
        lines.add(lastRecord.map(record -> "Last: " + record.render()).orElse("Last: no deploy recorded"));
        if (drift.isPresent()) {
            if (drift.get().isEmpty()) {
                lines.add("Drift: none, the services run what the last deploy applied");
            } else {
                lines.add("Drift: " + drift.get().size() + (drift.get().size() == 1 ? " service differs" : " services differ")
                        + " from what the last deploy applied (changed by hand?); a deploy puts them back");
                drift.get().forEach(service -> lines.add("  ~ " + service.service() + "  " + service.describe()));
            }
        } else {
            lines.add("Drift: unknown (" + driftUnknown + ")");
        }
        return lines;
    }

    /** The status for scripts, as text ({@link #toJson()} indented). */
    public String toJsonText() {
        return toJson().toPrettyString();
    }

    /** The status for scripts. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("stack", stack);
        ArrayNode list = root.putArray("services");
        for (ServiceStatus service : services) {
            ObjectNode entry = list.addObject();
            entry.put("name", service.name());
            entry.put("image", service.image());
            entry.put("tag", service.tag());
            entry.put("digest", service.digest());
            entry.put("running", service.running());
            entry.put("desired", service.desired());
            entry.put("healthy", service.healthy());
            entry.put("state", service.state());
            entry.put("updateState", service.updateState());
            service.taskError().ifPresent(error -> entry.put("taskError", error));
            service.configs().forEach(entry.putArray("configs")::add);
            service.secrets().forEach(entry.putArray("secrets")::add);
        }
        lastRecord.ifPresent(record -> root.set("lastRecord", HistoryJson.record(record)));
        ObjectNode driftNode = root.putObject("drift");
        driftNode.put("known", drift.isPresent());
        drift.ifPresentOrElse(services -> {
            driftNode.put("drifted", !services.isEmpty());
            ArrayNode entries = driftNode.putArray("services");
            for (Drift.ServiceDrift service : services) {
                ObjectNode entry = entries.addObject();
                entry.put("name", service.service());
                entry.put("kind", service.kind().name().toLowerCase(java.util.Locale.ROOT));
                ArrayNode fields = entry.putArray("fields");
                service.fields().forEach(field -> fields.addObject().put("field", field.field())
                        .put("before", field.before()).put("after", field.after()));
            }
        }, () -> driftNode.put("reason", driftUnknown));
        return root;
    }

    private static List<String> versions(ServiceStatus service) {
        List<String> parts = new ArrayList<>();
        service.configs().forEach(config -> parts.add("config " + config));
        service.secrets().forEach(secret -> parts.add("secret " + secret));
        return parts;
    }
}
