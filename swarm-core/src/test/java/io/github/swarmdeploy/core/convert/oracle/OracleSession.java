package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.engine.HttpMethod;
import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.compose.model.StackDefinition;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.convert.ObjectNamer;
import io.github.swarmdeploy.core.convert.StackConverter;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.StackDeployer;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.EngineJson;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.Change;
import io.github.swarmdeploy.core.plan.FieldChange;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One fixture's run on the sandbox swarm: its deployable copy (unique names for this run), the external
 * objects it needs, deploys with {@code docker stack deploy} and with our production deployer (each recorded
 * through a {@link RecordingProxy}), normalised snapshots of both. Every stack of the run is named {@code <token><suffix>};
 * {@link #close()} removes them all, the externals and the volumes their tasks created, also after a failure.
 */
public final class OracleSession implements AutoCloseable {

    /** Service fields in which our plan may differ from docker's stack: content-hash config/secret names. */
    private static final Set<String> NAMING_FIELDS = Set.of("TaskTemplate.ContainerSpec.Configs",
            "TaskTemplate.ContainerSpec.Secrets");
    private static final java.util.regex.Pattern CONTENT_HASH = java.util.regex.Pattern.compile("_[0-9a-f]{16}(?![0-9a-f])");
    private static final String OUR_LABELS = "io.github.swarmdeploy.";
    /** The stack docker deploys. */
    public static final String DOCKER = "d";
    /** The stack our production deployer deploys (with docker's naming of configs and secrets). */
    public static final String OURS = "o";

    private final EngineConnection engine;
    private final OracleFixture fixture;
    private final Path work;
    private final String token;
    private final OracleFixture.Prepared prepared;
    private final List<String> createdExternals = new ArrayList<>();
    private final Set<String> stacks = new LinkedHashSet<>();

    private OracleSession(EngineConnection engine, OracleFixture fixture, Path work, String token,
                          OracleFixture.Prepared prepared) {
        this.engine = engine;
        this.fixture = fixture;
        this.work = work;
        this.token = token;
        this.prepared = prepared;
    }

    /**
     * Makes the deployable copy under {@code work} and creates the external objects the file expects.
     *
     * @param token starts every name of the run (e.g. {@code SandboxSwarm.uniqueStack("cvt")})
     */
    public static OracleSession open(EngineConnection engine, OracleFixture fixture, Path work, String token) {
        OracleFixture.Prepared prepared = fixture.prepare(work.resolve(fixture.id()), token, SandboxSwarm.baseImage())
                .withVariable(OracleFixture.REGISTRY_VARIABLE, SandboxSwarm.registry());
        OracleSession session = new OracleSession(engine, fixture, work, token, prepared);
        try {
            for (OracleFixture.External external : prepared.externals()) {
                session.createdExternals.add(session.createExternal(external));
            }
        } catch (RuntimeException e) {
            session.closeAfter(e);
            throw e;
        }
        return session;
    }

    public OracleFixture fixture() {
        return fixture;
    }

    public OracleFixture.Prepared prepared() {
        return prepared;
    }

    /** The name of this run's stack with the given suffix; the session removes it when closed. */
    public String stack(String suffix) {
        String stack = token + suffix;
        stacks.add(stack);
        return stack;
    }

    /** The complete environment docker runs with: load the file with exactly these variables. */
    public Map<String, String> environment() {
        return DockerCli.environment(prepared.environment());
    }

    /** What {@code docker stack deploy} printed and the requests it sent. */
    public record DockerDeploy(String stack, DockerCli.Result result, List<RecordingProxy.Request> requests) {

        public boolean succeeded() {
            return result.exitCode() == 0;
        }
    }

    /** {@code docker stack deploy} of the copy as stack {@link #DOCKER}, through a recording proxy. */
    public DockerDeploy deployWithDocker() {
        return deployWithDocker(DOCKER);
    }

    /**
     * {@code docker stack deploy [options]} of the copy as stack {@code <token><suffix>}, through a recording
     * proxy.
     */
    public DockerDeploy deployWithDocker(String suffix, String... options) {
        String stack = stack(suffix);
        try (RecordingProxy proxy = RecordingProxy.start(work.resolve(token + ".sock"), SandboxSwarm.dockerHost())) {
            Map<String, String> variables = new HashMap<>(prepared.environment());
            variables.put("DOCKER_HOST", proxy.dockerHost());
            DockerCli.Result result = DockerCli.stackDeploy(prepared.composeFiles(), stack, variables, options);
            return new DockerDeploy(stack, result, proxy.requests());
        }
    }

    /** Our loader on the copy, with docker's environment and no .env, as stack {@code stack}. */
    public StackDefinition load(String stack) {
        return loader(prepared, stack).load().definition();
    }

    /** Our loader on a deployable copy, with docker's environment and no .env, as stack {@code stack}. */
    public static StackLoader loader(OracleFixture.Prepared prepared, String stack) {
        return StackLoader.forFiles(prepared.composeFiles()).environment(DockerCli.environment(prepared.environment()))
                .readDotEnv(false).stackName(stack);
    }

    /**
     * Our converter with docker's naming, deployed as stack {@code stack} by the production deployer
     * ({@link StackDeployer}: plan, lock, digests pinned as docker's default {@code --resolve-image always} does,
     * then {@code PlanApplier}'s requests), through a {@link RecordingProxy}: returns the create requests it
     * sent, as they went over the wire (those of its bookkeeping aside: the lock, the secret versions' key).
     */
    public List<SentRequests.Sent> deployOurs(String stack) {
        StackDefinition definition = load(stack);
        DesiredStack desired = new StackConverter(ObjectNamer.DOCKER).convert(stack, definition);
        DeployOptions options = DeployOptions.defaults().withWait(false, Duration.ofMinutes(2))
                .withImages(ImagePolicy.ALWAYS, false)
                .withLock(Duration.ofMinutes(2), Duration.ofMinutes(30), "oracle-session");
        try (RecordingProxy proxy = RecordingProxy.start(work.resolve(token + "-ours.sock"), SandboxSwarm.dockerHost());
             EngineConnection through = EngineConnection.open(EngineSettings.forHost(proxy.dockerHost(), Map.of()))) {
            new StackDeployer(through.swarm(), options, EventListener.IGNORE, Clock.systemUTC())
                    .deploy(stack, key -> desired, definition::positionOf).throwIfFailed();
            // the deploy's bookkeeping (its lock, the key of secret versions) is not part of the stack
            return SentRequests.creates(proxy.requests()).stream()
                    .filter(sent -> !StackLabels.isBookkeeping(EngineJson.textMap(sent.body().path("Labels")))).toList();
        }
    }

    /**
     * The stack's objects as the engine reports them, normalised ({@link SwarmSnapshot}), once Swarm's allocator
     * has given each of its networks a driver and addresses (right after creation it reports neither).
     */
    public ObjectNode snapshot(String stack) {
        SandboxSwarm.await("networks of " + stack + " allocated", Duration.ofSeconds(30), () -> {
            List<String> pending = new ArrayList<>();
            for (JsonNode network : engine.fetchJson("/networks?filters=" + SandboxSwarm.labelFilter(stack))) {
                if (network.path("Driver").asText("").isEmpty()) {
                    pending.add(network.path("Name").asText());
                }
            }
            return pending;
        }, List::isEmpty);
        return SwarmSnapshot.read(engine, stack, replacements(stack));
    }

    /** Create requests by kind and name, normalised ({@link SentRequests}). */
    public ObjectNode sent(String stack, List<SentRequests.Sent> requests) {
        return SentRequests.byKindAndName(requests, replacements(stack));
    }

    /** What the run's names become in what is compared or recorded: the stack, then the token, as placeholders. */
    public Map<String, String> replacements(String stack) {
        return Map.of(stack, "<stack>", token, "<token>");
    }

    /**
     * Both sides compared, each as read back from the engine and as sent.
     *
     * @param deployed        docker's deploy
     * @param desiredServices how many services our conversion has
     * @param differences     one line per difference ({@code engine: …} or {@code sent: …}); empty when identical
     */
    public record Comparison(DockerDeploy deployed, int desiredServices, ObjectNode docker, ObjectNode ours,
                            ObjectNode dockerSent, ObjectNode ourSent, List<String> differences) {

        /** Every snapshot as {@code <id>.{docker,ours}.json} and {@code <id>.sent.{docker,ours}.json}. */
        public void write(Path directory, String id) {
            writeJson(directory, id + ".docker.json", docker);
            writeJson(directory, id + ".ours.json", ours);
            writeJson(directory, id + ".sent.docker.json", dockerSent);
            writeJson(directory, id + ".sent.ours.json", ourSent);
        }
    }

    /**
     * docker deploys (stack {@link #DOCKER}), is read back and removed; then ours (stack {@link #OURS}). The two
     * stacks never exist at once: their published ports and explicit names would collide.
     *
     * @param whileDockerDeployed runs with docker's stack name while docker's stack exists (e.g. to plan
     *                            against it), after it was read back
     * @return null when docker refused the file (see {@code refused})
     */
    public Comparison compare(Consumer<String> whileDockerDeployed, Consumer<DockerDeploy> refused) {
        DockerDeploy deployed = deployWithDocker();
        if (!deployed.succeeded()) {
            refused.accept(deployed);
            return null;
        }
        ObjectNode docker = snapshot(deployed.stack());
        whileDockerDeployed.accept(deployed.stack());
        SandboxSwarm.removeStack(engine, deployed.stack());

        String ourStack = stack(OURS);
        List<SentRequests.Sent> ourRequests = deployOurs(ourStack);
        ObjectNode ours = snapshot(ourStack);
        ObjectNode dockerSent = sent(deployed.stack(), SentRequests.creates(deployed.requests()));
        ObjectNode ourSent = sent(ourStack, ourRequests);
        List<String> differences = new ArrayList<>();
        JsonDiff.differences(docker, ours).forEach(difference -> differences.add("engine: " + difference));
        JsonDiff.differences(dockerSent, ourSent).forEach(difference -> differences.add("sent: " + difference));
        int desiredServices = new StackConverter(ObjectNamer.DOCKER).convert(ourStack, load(ourStack)).services().size();
        return new Comparison(deployed, desiredServices, docker, ours, dockerSent, ourSent, differences);
    }

    /**
     * Our deployment of the copy as {@code stack} (content-hash names for configs and secrets): deployed first
     * when {@code deployFirst}, then planned. No waiting for tasks (the images are stand-ins).
     */
    public Plan planOurs(String stack, ImagePolicy policy, boolean deployFirst) {
        DeployOptions options = DeployOptions.defaults().withWait(false, Duration.ofMinutes(2))
                .withImages(policy, false)
                .withLock(Duration.ofMinutes(2), Duration.ofMinutes(30), "oracle-session");
        StackDeployment deployment = StackDeployment.builder(stack).source(() -> load(stack))
                .engine(engine).options(options).listener(EventListener.IGNORE).build();
        if (deployFirst) {
            deployment.deploy();
        }
        return deployment.plan();
    }

    /**
     * What our plan wants of a stack docker deployed from the same file, beyond what content-hash naming
     * explains: new configs/secrets and service references to them.
     */
    public static List<String> unexpectedChanges(Plan plan) {
        List<String> unexpected = new ArrayList<>();
        for (Change change : plan.changes()) {
            String head = change.action().symbol() + " " + change.kind().word() + " " + change.name();
            switch (change.kind()) {
                case CONFIG, SECRET -> {
                    // a new name for the same content, or docker's object under its explicit name
                }
                case NETWORK -> {
                    if (change.action() != Change.Action.UNCHANGED || !change.note().isEmpty()) {
                        unexpected.add(head + " " + change.note());
                    }
                }
                case SERVICE -> {
                    if (change.action() != Change.Action.UNCHANGED && change.action() != Change.Action.UPDATE) {
                        unexpected.add(head + " " + change.note());
                    }
                    for (FieldChange field : change.fields()) {
                        if (!NAMING_FIELDS.contains(field.path())) {
                            unexpected.add(head + "  " + field.path() + ": " + field.render());
                        }
                    }
                }
                default -> throw new IllegalStateException(change.kind().toString());
            }
        }
        return unexpected;
    }

    /**
     * A snapshot as it would read had docker named the configs and secrets: content hashes ({@code _<16 hex>})
     * cut from names, and our own labels ({@code io.github.swarmdeploy.*}) dropped.
     */
    public static JsonNode withoutContentNaming(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode result = object.objectNode();
            object.fields().forEachRemaining(field -> {
                if (!field.getKey().startsWith(OUR_LABELS)) {
                    result.set(CONTENT_HASH.matcher(field.getKey()).replaceAll(""), withoutContentNaming(field.getValue()));
                }
            });
            return result;
        }
        if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            com.fasterxml.jackson.databind.node.ArrayNode result = array.arrayNode();
            array.forEach(element -> result.add(withoutContentNaming(element)));
            return result;
        }
        return node.isTextual() ? com.fasterxml.jackson.databind.node.TextNode.valueOf(
                CONTENT_HASH.matcher(node.asText()).replaceAll("")) : node;
    }

    @Override
    public void close() {
        closeAfter(null);
    }

    /** Removes everything of the run; a cleanup failure is added to {@code primary}, or thrown without one. */
    private void closeAfter(Throwable primary) {
        List<Runnable> cleanup = new ArrayList<>();
        stacks.forEach(stack -> cleanup.add(() -> SandboxSwarm.removeStack(engine, stack)));
        createdExternals.forEach(path -> cleanup.add(() -> deleteQuietly(path)));
        cleanup.add(this::removeVolumes);
        RuntimeException failure = SandboxSwarm.runAll(cleanup);
        if (failure != null) {
            if (primary == null) {
                throw failure;
            }
            primary.addSuppressed(failure);
        }
    }

    /** Creates an external object the file expects; returns the path that deletes it. */
    private String createExternal(OracleFixture.External external) {
        switch (external.kind()) {
            case "networks" -> {
                JsonNode created = engine.sendJson(HttpMethod.POST, "/networks/create", Map.of("Name", external.name(),
                        "Driver", "overlay", "Attachable", true, "CheckDuplicate", true));
                return "/networks/" + created.path("Id").asText();
            }
            case "secrets", "configs" -> {
                JsonNode created = engine.sendJson(HttpMethod.POST, "/" + external.kind() + "/create",
                        Map.of("Name", external.name(), "Data", "ZXh0ZXJuYWw="));
                return "/" + external.kind() + "/" + created.path("ID").asText();
            }
            case "volumes" -> {
                return "/volumes/" + external.name(); // created by the engine when a task mounts it, if ever
            }
            default -> throw new IllegalArgumentException(external.kind());
        }
    }

    /** Volumes the tasks of the run's stacks created: labelled with one of its stacks, or named with its token. */
    private void removeVolumes() {
        SandboxSwarm.await("volumes of " + token + " removed", Duration.ofSeconds(60), () -> {
            List<String> left = new ArrayList<>();
            for (JsonNode volume : engine.fetchJson("/volumes").path("Volumes")) {
                String name = volume.path("Name").asText();
                String stack = volume.path("Labels").path("com.docker.stack.namespace").asText("");
                if (name.startsWith(token) || stack.startsWith(token)) {
                    if (!deleteQuietly("/volumes/" + URLEncoder.encode(name, StandardCharsets.UTF_8))) {
                        left.add(name);
                    }
                }
            }
            return left;
        }, List::isEmpty);
    }

    /** True when the object is gone (deleted now or already). */
    private boolean deleteQuietly(String path) {
        try {
            engine.sendJson(HttpMethod.DELETE, path, null);
            return true;
        } catch (EngineException e) {
            return e.isNotFound();
        }
    }

    static void writeJson(Path directory, String file, JsonNode json) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(file), json.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
