package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An in-memory swarm behind the {@link SwarmApi} port, for unit tests of whatever calls the engine: objects are
 * kept as the Engine API JSON the engine would report (read back through {@link EngineJson}, as the real port
 * does), with IDs, raft versions and timestamps; names are unique per kind (409 on a second create), versioned
 * updates are refused when the object moved (500 "update out of sequence", as Swarm 20.10 answers), removals of
 * what is not there answer 404. Every call is recorded in order ({@link #calls()}), with its body
 * ({@link #sent()}), so that tests can assert what was sent and in which order.
 *
 * <p>Filters: {@code label} ({@code key} or {@code key=value}), {@code name} and {@code id} (prefixes, as Swarm
 * matches them; networks by substring), tasks by {@code service} (ID or name), {@code desired-state},
 * {@code label} (their service's) and {@code _up-to-date} (of their service's current spec). With
 * {@link #schedulesTasks()}, services get tasks as they are written, moved on by {@link #advanceTasks}.
 *
 * <pre>{@code
 * FakeSwarm swarm = new FakeSwarm();            // one ready, active manager node
 * new StackDeployer(swarm, options, events, clock).deploy(desired, path -> Optional.empty());
 * assertEquals(List.of("createNetwork app_default", "createService app_web"), swarm.calls());
 * }</pre>
 *
 * Thread-safe: a deploy creates the services of one level in parallel. {@link #beforeServiceWrite} lets a test
 * hold such calls (outside the fake's lock) to see them overlap.
 */
public final class FakeSwarm implements SwarmApi {

    /** One call as the fake received it: {@code createService app_web}, and the body sent, if any. */
    public record Call(String method, String name, Optional<ObjectNode> body) {

        @Override
        public String toString() {
            return method + " " + name;
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, ObjectNode> services = new LinkedHashMap<>();
    private final Map<String, ObjectNode> tasks = new LinkedHashMap<>();
    private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();
    private final Map<String, ObjectNode> networks = new LinkedHashMap<>();
    private final Map<String, ObjectNode> configs = new LinkedHashMap<>();
    private final Map<String, ObjectNode> secrets = new LinkedHashMap<>();
    private final Map<String, ImageDistribution> distributions = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final AtomicLong index = new AtomicLong(10);
    private volatile Supplier<Instant> clock = Instant::now;
    private volatile Consumer<String> beforeServiceWrite = name -> { };
    private boolean schedulesTasks;
    private String apiVersion = "1.41";

    /** A swarm of one ready, active manager node ({@code node-1}). */
    public FakeSwarm() {
        addNode("node-1", "ready", "active");
    }

    // ---- set-up and inspection for tests

    /** The engine's clock ({@code /info}'s SystemTime, timestamps of what it creates); the system's by default. */
    public FakeSwarm clock(Supplier<Instant> now) {
        this.clock = now;
        return this;
    }

    public synchronized FakeSwarm apiVersion(String version) {
        this.apiVersion = version;
        return this;
    }

    /** Runs before every service create, update or removal, outside the fake's lock, with the service's name. */
    public FakeSwarm beforeServiceWrite(Consumer<String> hook) {
        this.beforeServiceWrite = hook;
        return this;
    }

    /** The registry's answer for {@code image} ({@code name:tag}); images without one are "manifest unknown". */
    public synchronized FakeSwarm distribution(String image, String digest, ImageDistribution.Platform... platforms) {
        distributions.put(image, new ImageDistribution(digest, List.of(platforms)));
        return this;
    }

    public synchronized String addNode(String id, String state, String availability) {
        ObjectNode node = JSON.objectNode().put("ID", id);
        node.putObject("Version").put("Index", index.incrementAndGet());
        node.putObject("Spec").put("Role", "manager").put("Availability", availability);
        node.putObject("Description").put("Hostname", id).putObject("Platform").put("OS", "linux")
                .put("Architecture", "x86_64");
        node.putObject("Status").put("State", state).put("Addr", "10.0.0." + (nodes.size() + 1));
        nodes.put(id, node);
        return id;
    }

    /** A task of the service, on {@code node-1}, in {@code state} with desired state {@code running}. */
    public synchronized String addTask(String serviceIdOrName, String state, String error) {
        ObjectNode service = find(services, serviceIdOrName, "service");
        String id = "task-" + index.incrementAndGet();
        ObjectNode task = JSON.objectNode().put("ID", id).put("ServiceID", service.path("ID").asText())
                .put("NodeID", "node-1").put("Slot", tasks.size() + 1).put("DesiredState", "running")
                .put("CreatedAt", clock.get().toString());
        task.putObject("Status").put("State", state).put("Err", error).put("Timestamp", clock.get().toString());
        task.putObject("Spec").set("ContainerSpec", service.at("/Spec/TaskTemplate/ContainerSpec").deepCopy());
        task.put(SPEC_OF_TASK, service.path(SPEC_OF_TASK).asLong());
        tasks.put(id, task);
        return id;
    }

    /** Where the fake notes which spec of its service a task runs (Swarm's task SpecVersion; not in the API). */
    private static final String SPEC_OF_TASK = "FakeSpecIndex";

    private static boolean isUpToDate(ObjectNode task, ObjectNode service) {
        return task.path(SPEC_OF_TASK).asLong() == service.path(SPEC_OF_TASK).asLong();
    }

    /** With {@link #schedulesTasks()}: the old spec's tasks shut down, one new task per replica pending. */
    private void schedule(ObjectNode service) {
        service.put(SPEC_OF_TASK, index.incrementAndGet());
        if (!schedulesTasks) {
            return;
        }
        String serviceId = service.path("ID").asText();
        for (ObjectNode task : tasks.values()) {
            if (task.path("ServiceID").asText().equals(serviceId) && !isUpToDate(task, service)) {
                task.put("DesiredState", "shutdown");
                ((ObjectNode) task.get("Status")).put("State", "shutdown").put("Timestamp", clock.get().toString());
            }
        }
        long replicas = service.at("/Spec/Mode/Replicated/Replicas").asLong(1);
        for (int slot = 1; slot <= replicas; slot++) {
            String id = addTask(serviceId, "pending", "");
            tasks.get(id).put("Slot", slot);
        }
    }

    /**
     * From now on, a service created or updated gets its tasks as Swarm's orchestrator would: one per replica, in
     * state {@code pending}, of its current spec; the tasks of its previous spec are shut down. They move on only
     * when told ({@link #advanceTasks}).
     */
    public synchronized FakeSwarm schedulesTasks() {
        this.schedulesTasks = true;
        return this;
    }

    /**
     * Moves every task of the current spec of the named services (all services when none is named) one state on,
     * as an agent would report it: {@code pending} -> {@code starting} (the container runs; a healthcheck is
     * pending) -> {@code running} (healthy).
     */
    public synchronized FakeSwarm advanceTasks(String... serviceNames) {
        List<String> wanted = List.of(serviceNames);
        for (ObjectNode task : tasks.values()) {
            ObjectNode service = services.get(task.path("ServiceID").asText());
            if (service == null || !isUpToDate(task, service) || !task.path("DesiredState").asText().equals("running")
                    || (!wanted.isEmpty() && !wanted.contains(specName(service)))) {
                continue;
            }
            String state = task.path("Status").path("State").asText();
            String next = switch (state) {
                case "new", "pending", "assigned", "accepted", "preparing", "ready" -> "starting";
                case "starting" -> "running";
                default -> state;
            };
            if (!next.equals(state)) {
                ((ObjectNode) task.get("Status")).put("State", next).put("Timestamp", clock.get().toString());
            }
        }
        return this;
    }

    /** The states of the tasks of the service's current spec ({@code [starting]}). */
    public synchronized List<String> taskStates(String serviceIdOrName) {
        ObjectNode service = find(services, serviceIdOrName, "service");
        return tasks.values().stream().filter(task -> task.path("ServiceID").asText().equals(service.path("ID").asText())
                && isUpToDate(task, service)).map(task -> task.path("Status").path("State").asText()).toList();
    }

    /** Every call received, in order: {@code createNetwork app_default}, {@code updateService app_web}… */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls received as text ({@code createService app_web}), in order, without reads. */
    public synchronized List<String> writes() {
        return calls.stream().filter(call -> !call.method().startsWith("fetch")).map(Call::toString).toList();
    }

    /** The body of the last {@code method} call about {@code name} ({@code createNetwork}, {@code app_default}). */
    public synchronized ObjectNode sent(String method, String name) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            Call call = calls.get(i);
            if (call.method().equals(method) && call.name().equals(name) && call.body().isPresent()) {
                return call.body().get();
            }
        }
        throw new AssertionError("no " + method + " of " + name + " in " + calls);
    }

    /** A service as the engine would report it, by ID or name. */
    public synchronized Optional<SwarmService> service(String idOrName) {
        return lookup(services, idOrName).map(EngineJson::service);
    }

    public synchronized List<String> configNames() {
        return names(configs);
    }

    public synchronized List<String> secretNames() {
        return names(secrets);
    }

    public synchronized List<String> networkNames() {
        return networks.values().stream().map(network -> network.path("Name").asText()).toList();
    }

    public synchronized List<String> serviceNames() {
        return names(services);
    }

    // ---- the port

    @Override
    public String description() {
        return "the fake swarm";
    }

    @Override
    public synchronized EngineInfo fetchInfo() {
        record("fetchInfo", "", null);
        return new EngineInfo("fake", "20.10.24", Optional.of(clock.get()),
                new EngineInfo.Swarm("active", true, "node-1", "10.0.0.1", ""));
    }

    @Override
    public synchronized EngineVersion fetchVersion() {
        record("fetchVersion", "", null);
        return new EngineVersion("20.10.24", apiVersion);
    }

    @Override
    public synchronized List<SwarmService> fetchServices(Filters filters) {
        record("fetchServices", filters.toString(), null);
        return select(services, filters, this::specLabels, this::specName, EngineJson::service);
    }

    @Override
    public synchronized Optional<SwarmService> fetchService(String idOrName) {
        record("fetchService", idOrName, null);
        return service(idOrName);
    }

    @Override
    public ServiceWrite createService(ObjectNode spec, Optional<String> registryAuth) {
        String name = spec.path("Name").asText();
        beforeServiceWrite.accept(name);
        synchronized (this) {
            record("createService", name, spec);
            requireUnique(services, name, "service");
            ObjectNode service = stored(services, "ID", "service", spec);
            schedule(service);
            return new ServiceWrite(service.path("ID").asText(), List.of());
        }
    }

    @Override
    public ServiceWrite updateService(String id, long version, ObjectNode spec, Optional<String> registryAuth) {
        beforeServiceWrite.accept(spec.path("Name").asText());
        synchronized (this) {
            record("updateService", spec.path("Name").asText(), spec);
            ObjectNode service = find(services, id, "service");
            requireVersion(service, version);
            service.set("PreviousSpec", service.get("Spec"));
            service.set("Spec", spec.deepCopy());
            touch(service);
            schedule(service);
            return new ServiceWrite(service.path("ID").asText(), List.of());
        }
    }

    @Override
    public void removeService(String id) {
        beforeServiceWrite.accept(lookup(services, id).map(this::specName).orElse(id));
        synchronized (this) {
            ObjectNode service = find(services, id, "service");
            record("removeService", specName(service), null);
            services.remove(service.path("ID").asText());
            tasks.values().removeIf(task -> task.path("ServiceID").asText().equals(service.path("ID").asText()));
        }
    }

    @Override
    public synchronized List<SwarmTask> fetchTasks(Filters filters) {
        record("fetchTasks", filters.toString(), null);
        List<SwarmTask> result = new ArrayList<>();
        for (ObjectNode task : tasks.values()) {
            List<String> wanted = filters.get(Filters.SERVICE);
            String serviceId = task.path("ServiceID").asText();
            String serviceName = lookup(services, serviceId).map(this::specName).orElse("");
            if (!wanted.isEmpty() && !wanted.contains(serviceId) && !wanted.contains(serviceName)) {
                continue;
            }
            List<String> states = filters.get(Filters.DESIRED_STATE);
            if (!states.isEmpty() && !states.contains(task.path("DesiredState").asText())) {
                continue;
            }
            // a task carries its service's labels (swarmkit's ServiceAnnotations), which the label filter matches
            Optional<ObjectNode> service = lookup(services, serviceId);
            if (!matchesLabels(service.map(this::specLabels).orElse(JSON.objectNode()), filters.get(Filters.LABEL))) {
                continue;
            }
            if (!filters.get(Filters.UP_TO_DATE).isEmpty() && (service.isEmpty() || !isUpToDate(task, service.get()))) {
                continue;
            }
            result.add(EngineJson.task(task));
        }
        return result;
    }

    @Override
    public synchronized List<SwarmNode> fetchNodes(Filters filters) {
        record("fetchNodes", filters.toString(), null);
        return nodes.values().stream().map(EngineJson::node).toList();
    }

    @Override
    public synchronized List<SwarmNetwork> fetchNetworks(Filters filters) {
        record("fetchNetworks", filters.toString(), null);
        return select(networks, filters, network -> network.path("Labels"), network -> network.path("Name").asText(),
                EngineJson::network);
    }

    @Override
    public synchronized String createNetwork(ObjectNode body) {
        String name = body.path("Name").asText();
        record("createNetwork", name, body);
        if (networks.values().stream().anyMatch(network -> network.path("Name").asText().equals(name))) {
            throw new EngineException(409, "POST /networks/create failed on " + description() + ": 409 network with name "
                    + name + " already exists");
        }
        String id = "network-" + index.incrementAndGet();
        ObjectNode network = JSON.objectNode().put("Name", name).put("Id", id).put("Created", clock.get().toString())
                .put("Scope", "swarm").put("Driver", body.path("Driver").asText("overlay"));
        network.set("Labels", body.path("Labels").isObject() ? body.get("Labels").deepCopy() : JSON.objectNode());
        networks.put(id, network);
        return id;
    }

    @Override
    public synchronized void removeNetwork(String id) {
        record("removeNetwork", id, null);
        if (networks.remove(id) == null) {
            throw notFound("network", id);
        }
    }

    @Override
    public synchronized List<SwarmDataObject> fetchConfigs(Filters filters) {
        record("fetchConfigs", filters.toString(), null);
        return select(configs, filters, this::specLabels, this::specName, EngineJson::dataObject);
    }

    @Override
    public synchronized Optional<SwarmDataObject> fetchConfig(String idOrName) {
        record("fetchConfig", idOrName, null);
        return lookup(configs, idOrName).map(EngineJson::dataObject);
    }

    @Override
    public synchronized String createConfig(ObjectNode body) {
        record("createConfig", body.path("Name").asText(), body);
        requireUnique(configs, body.path("Name").asText(), "config");
        return stored(configs, "ID", "config", body).path("ID").asText();
    }

    @Override
    public synchronized void updateConfig(String id, long version, ObjectNode spec) {
        ObjectNode config = find(configs, id, "config");
        record("updateConfig", specName(config), spec);
        requireVersion(config, version);
        ObjectNode updated = spec.deepCopy();
        updated.set("Data", config.path("Spec").path("Data")); // only labels may change
        config.set("Spec", updated);
        touch(config);
    }

    @Override
    public synchronized void removeConfig(String id) {
        ObjectNode config = find(configs, id, "config");
        record("removeConfig", specName(config), null);
        configs.remove(config.path("ID").asText());
    }

    @Override
    public synchronized List<SwarmDataObject> fetchSecrets(Filters filters) {
        record("fetchSecrets", filters.toString(), null);
        return select(secrets, filters, this::specLabels, this::specName, object -> {
            ObjectNode reported = object.deepCopy();
            ((ObjectNode) reported.get("Spec")).remove("Data"); // the engine never reports a secret's data
            return EngineJson.dataObject(reported);
        });
    }

    @Override
    public synchronized String createSecret(ObjectNode body) {
        record("createSecret", body.path("Name").asText(), body);
        requireUnique(secrets, body.path("Name").asText(), "secret");
        return stored(secrets, "ID", "secret", body).path("ID").asText();
    }

    @Override
    public synchronized void removeSecret(String id) {
        ObjectNode secret = find(secrets, id, "secret");
        record("removeSecret", specName(secret), null);
        secrets.remove(secret.path("ID").asText());
    }

    @Override
    public synchronized ImageDistribution fetchDistribution(String image, Optional<String> registryAuth) {
        record("fetchDistribution", image, null);
        ImageDistribution found = distributions.get(image);
        if (found == null) {
            throw new EngineException(500, "GET /distribution/" + image + "/json failed on " + description()
                    + ": 500 manifest unknown");
        }
        return found;
    }

    @Override
    public void buildImage(ImageBuild build, Consumer<ImageBuild.Output> output) {
        throw new UnsupportedOperationException("the fake swarm builds no images");
    }

    @Override
    public void pushImage(String repository, String tag, String registryAuth, Consumer<ImagePushProgress> progress) {
        throw new UnsupportedOperationException("the fake swarm pushes no images");
    }

    @Override
    public synchronized PruneResult pruneContainers(Filters filters) {
        record("pruneContainers", filters.toString(), null);
        return new PruneResult(0, 0);
    }

    @Override
    public synchronized PruneResult pruneImages(Filters filters) {
        record("pruneImages", filters.toString(), null);
        return new PruneResult(0, 0);
    }

    @Override
    public synchronized PruneResult pruneNetworks(Filters filters) {
        record("pruneNetworks", filters.toString(), null);
        return new PruneResult(0, 0);
    }

    @Override
    public synchronized PruneResult pruneBuildCache() {
        record("pruneBuildCache", "", null);
        return new PruneResult(0, 0);
    }

    // ---- the store

    private void record(String method, String name, ObjectNode body) {
        calls.add(new Call(method, name, Optional.ofNullable(body).map(ObjectNode::deepCopy)));
    }

    /** Stores an object created from {@code spec}: ID, version, timestamps, the spec. */
    private ObjectNode stored(Map<String, ObjectNode> kind, String idField, String idPrefix, ObjectNode spec) {
        String id = idPrefix + "-" + index.incrementAndGet();
        String now = clock.get().toString();
        ObjectNode object = JSON.objectNode().put(idField, id);
        object.putObject("Version").put("Index", index.get());
        object.put("CreatedAt", now).put("UpdatedAt", now);
        object.set("Spec", spec.deepCopy());
        kind.put(id, object);
        return object;
    }

    private void touch(ObjectNode object) {
        ((ObjectNode) object.get("Version")).put("Index", index.incrementAndGet());
        object.put("UpdatedAt", clock.get().toString());
    }

    private void requireVersion(ObjectNode object, long version) {
        if (object.path("Version").path("Index").asLong() != version) {
            throw new EngineException(500, "update of " + specName(object) + " failed on " + description()
                    + ": 500 rpc error: code = Unknown desc = update out of sequence");
        }
    }

    private void requireUnique(Map<String, ObjectNode> kind, String name, String what) {
        if (kind.values().stream().anyMatch(object -> specName(object).equals(name))) {
            throw new EngineException(409, "POST /" + what + "s/create failed on " + description()
                    + ": 409 rpc error: code = AlreadyExists desc = " + what + " " + name + " already exists");
        }
    }

    private ObjectNode find(Map<String, ObjectNode> kind, String idOrName, String what) {
        return lookup(kind, idOrName).orElseThrow(() -> notFound(what, idOrName));
    }

    private Optional<ObjectNode> lookup(Map<String, ObjectNode> kind, String idOrName) {
        ObjectNode byId = kind.get(idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return kind.values().stream().filter(object -> specName(object).equals(idOrName)
                || object.path("Name").asText().equals(idOrName)).findFirst();
    }

    private EngineException notFound(String what, String idOrName) {
        return new EngineException(404, what + " " + idOrName + " failed on " + description() + ": 404 " + what + " "
                + idOrName + " not found");
    }

    private <T> List<T> select(Map<String, ObjectNode> kind, Filters filters, Function<ObjectNode, JsonNode> labels,
                               Function<ObjectNode, String> name, Function<ObjectNode, T> reader) {
        List<T> result = new ArrayList<>();
        for (ObjectNode object : kind.values()) {
            if (matchesLabels(labels.apply(object), filters.get(Filters.LABEL))
                    && matchesAny(name.apply(object), filters.get(Filters.NAME), kind == networks)
                    && matchesAny(object.path(kind == networks ? "Id" : "ID").asText(), filters.get(Filters.ID), false)) {
                result.add(reader.apply(object));
            }
        }
        return result;
    }

    private static boolean matchesLabels(JsonNode labels, List<String> wanted) {
        for (String label : wanted) {
            int equals = label.indexOf('=');
            String key = equals < 0 ? label : label.substring(0, equals);
            if (!labels.has(key) || (equals >= 0 && !labels.path(key).asText().equals(label.substring(equals + 1)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(String value, List<String> wanted, boolean substring) {
        return wanted.isEmpty() || wanted.stream().anyMatch(w -> substring ? value.contains(w) : value.startsWith(w));
    }

    private JsonNode specLabels(ObjectNode object) {
        return object.path("Spec").path("Labels");
    }

    private String specName(ObjectNode object) {
        return object.path("Spec").path("Name").asText();
    }

    private List<String> names(Map<String, ObjectNode> kind) {
        return kind.values().stream().map(this::specName).toList();
    }
}
