package io.github.swarmdeploy.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.EngineJson;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Engine API JSON as {@code GET /services/ID}, {@code GET /tasks} and {@code GET /nodes} answer it (API
 * 1.41 field names), built in a few words for the decision tests.
 */
final class SwarmJson {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2024-07-17T10:00:00Z");

    private SwarmJson() {
    }

    static Service replicated(int replicas) {
        Service service = new Service();
        service.spec.putObject("Mode").putObject("Replicated").put("Replicas", replicas);
        return service;
    }

    static Service global() {
        Service service = new Service();
        service.spec.putObject("Mode").putObject("Global");
        return service;
    }

    static Service replicatedJob(int maxConcurrent, int totalCompletions, long iteration) {
        Service service = new Service();
        ObjectNode job = service.spec.putObject("Mode").putObject("ReplicatedJob");
        job.put("MaxConcurrent", maxConcurrent).put("TotalCompletions", totalCompletions);
        service.json.putObject("JobStatus").putObject("JobIteration").put("Index", iteration);
        service.restart("on-failure");
        return service;
    }

    static Service globalJob(long iteration) {
        Service service = new Service();
        service.spec.putObject("Mode").putObject("GlobalJob");
        service.json.putObject("JobStatus").putObject("JobIteration").put("Index", iteration);
        service.restart("on-failure");
        return service;
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    static Task task(String id) {
        return new Task(id);
    }

    static Node node(String id) {
        return new Node(id);
    }

    /** The service, its current tasks and the nodes, as the watcher would have read them. */
    static ServiceSnapshot snapshot(Service service, List<Task> current, List<Task> all, List<Node> nodes) {
        return new ServiceSnapshot(java.util.Optional.of(ServiceView.of(EngineJson.service(service.json()))),
                current.stream().map(task -> TaskView.of(EngineJson.task(task.json()))).toList(),
                all.stream().map(task -> TaskView.of(EngineJson.task(task.json()))).toList(),
                nodes.stream().map(node -> NodeView.of(EngineJson.node(node.json()))).toList());
    }

    static ServiceSnapshot snapshot(Service service, Task... current) {
        return snapshot(service, List.of(current), List.of(), List.of(node("n1")));
    }

    static final class Service {
        final ObjectNode json = JSON.createObjectNode();
        final ObjectNode spec;

        Service() {
            json.put("ID", "svc1");
            json.put("CreatedAt", T0.minusSeconds(3600).toString());
            json.put("UpdatedAt", T0.toString());
            json.putObject("Version").put("Index", 10);
            spec = json.putObject("Spec");
            spec.put("Name", "backend");
            ObjectNode template = spec.putObject("TaskTemplate");
            template.putObject("ContainerSpec").put("Image", "registry/app:2");
            template.putObject("RestartPolicy").put("Condition", "any");
        }

        Service updateStatus(String state, String message) {
            ObjectNode status = json.putObject("UpdateStatus");
            status.put("State", state).put("Message", message).put("StartedAt", T0.toString());
            return this;
        }

        Service monitor(Duration monitor) {
            child(spec, "UpdateConfig").put("Monitor", monitor.toNanos());
            return this;
        }

        /** Swarm's wait after each batch of an update (docker's update_config.delay), the last one too. */
        Service delay(Duration delay) {
            child(spec, "UpdateConfig").put("Delay", delay.toNanos());
            return this;
        }

        Service failureAction(String action) {
            child(spec, "UpdateConfig").put("FailureAction", action);
            return this;
        }

        Service order(String order) {
            child(spec, "UpdateConfig").put("Order", order);
            return this;
        }

        /** A port published in host mode (a node binds it for one task only). */
        Service hostPort(int published, int target) {
            child(spec, "EndpointSpec").putArray("Ports").addObject().put("Protocol", "tcp")
                    .put("TargetPort", target).put("PublishedPort", published).put("PublishMode", "host");
            return this;
        }

        Service restart(String condition) {
            ((ObjectNode) spec.path("TaskTemplate").path("RestartPolicy")).put("Condition", condition);
            return this;
        }

        Service image(String image) {
            ((ObjectNode) spec.path("TaskTemplate").path("ContainerSpec")).put("Image", image);
            return this;
        }

        Service previousImage(String image) {
            json.putObject("PreviousSpec").putObject("TaskTemplate").putObject("ContainerSpec").put("Image", image);
            return this;
        }

        Service constraints(String... constraints) {
            ObjectNode placement = ((ObjectNode) spec.path("TaskTemplate")).putObject("Placement");
            Arrays.stream(constraints).forEach(placement.putArray("Constraints")::add);
            return this;
        }

        Service updatedAt(Instant at) {
            json.put("UpdatedAt", at.toString());
            return this;
        }

        JsonNode json() {
            return json.deepCopy();
        }
    }

    static final class Task {
        final ObjectNode json = JSON.createObjectNode();

        Task(String id) {
            json.put("ID", id);
            json.put("ServiceID", "svc1");
            json.put("Slot", 1);
            json.put("NodeID", "n1");
            json.put("CreatedAt", T0.plusSeconds(1).toString());
            json.put("DesiredState", "running");
            json.putObject("Spec").putObject("ContainerSpec").put("Image", "registry/app:2");
            ObjectNode status = json.putObject("Status");
            status.put("State", "running").put("Timestamp", T0.plusSeconds(2).toString());
        }

        Task slot(int slot) {
            json.put("Slot", slot);
            return this;
        }

        Task node(String node) {
            json.put("NodeID", node);
            return this;
        }

        Task state(String state) {
            ((ObjectNode) json.path("Status")).put("State", state);
            return this;
        }

        Task desired(String state) {
            json.put("DesiredState", state);
            return this;
        }

        /** A failed task as Swarm leaves it: state failed, desired shutdown, with its error. */
        Task failed(String error) {
            return state("failed").desired("shutdown").error(error);
        }

        Task error(String error) {
            ((ObjectNode) json.path("Status")).put("Err", error);
            return this;
        }

        Task createdAt(Instant at) {
            json.put("CreatedAt", at.toString());
            ((ObjectNode) json.path("Status")).put("Timestamp", at.plusMillis(500).toString());
            return this;
        }

        /** Swarm's time of the task's last state change ({@code Status.Timestamp}): when a running task began to. */
        Task since(Instant at) {
            ((ObjectNode) json.path("Status")).put("Timestamp", at.toString());
            return this;
        }

        Task iteration(long index) {
            json.putObject("JobIteration").put("Index", index);
            return this;
        }

        Task image(String image) {
            ((ObjectNode) json.path("Spec").path("ContainerSpec")).put("Image", image);
            return this;
        }

        JsonNode json() {
            return json.deepCopy();
        }
    }

    static final class Node {
        final ObjectNode json = JSON.createObjectNode();

        Node(String id) {
            json.put("ID", id);
            ObjectNode spec = json.putObject("Spec");
            spec.put("Role", "manager").put("Availability", "active");
            spec.putObject("Labels");
            ObjectNode description = json.putObject("Description");
            description.put("Hostname", "host-" + id);
            description.putObject("Platform").put("OS", "linux").put("Architecture", "x86_64");
            description.putObject("Engine").putObject("Labels");
            json.putObject("Status").put("State", "ready").put("Addr", "10.0.0.1");
        }

        Node role(String role) {
            ((ObjectNode) json.path("Spec")).put("Role", role);
            return this;
        }

        Node availability(String availability) {
            ((ObjectNode) json.path("Spec")).put("Availability", availability);
            return this;
        }

        Node state(String state) {
            ((ObjectNode) json.path("Status")).put("State", state);
            return this;
        }

        Node address(String address) {
            ((ObjectNode) json.path("Status")).put("Addr", address);
            return this;
        }

        Node label(String key, String value) {
            ((ObjectNode) json.path("Spec").path("Labels")).put(key, value);
            return this;
        }

        Node engineLabel(String key, String value) {
            ((ObjectNode) json.path("Description").path("Engine").path("Labels")).put(key, value);
            return this;
        }

        JsonNode json() {
            return json.deepCopy();
        }
    }
}
