package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.golang.Fmt;
import io.github.swarmdeploy.core.golang.Strconv;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads a stack from compose files the way {@code docker stack deploy} reads them, and checks it
 * completely before anything else happens: every problem of every file is collected and thrown at once
 * as an {@link InvalidStackException}; warnings (ignored keys, unset variables, deprecated forms) go
 * to the {@link EventListener} as {@link ComposeWarning}s.
 *
 * <pre>{@code
 * StackDefinition stack = StackLoader.forFiles(List.of(Path.of("docker-compose.prod.yaml")))
 *         .environment(System.getenv())
 *         .events(listener)
 *         .load()
 *         .definition();
 * }</pre>
 *
 * Steps, per file: YAML with positions; refused keys; interpolation (values only) with docker's type
 * casts; the schema of the file's version; docker's typed form (short syntaxes expanded, env_file
 * resolved, paths absolute from the first file's directory). Then the files are merged with docker's
 * rules and the whole stack is checked (references, image references, names, config and secret
 * contents, which are read now).
 */
public final class StackLoader {

    /** Service keys Swarm does not use; docker stack deploy prints "Ignoring unsupported options". */
    static final List<String> UNSUPPORTED = List.of("build", "cgroupns_mode", "cgroup_parent", "devices", "domainname",
            "external_links", "ipc", "links", "mac_address", "network_mode", "pid", "privileged", "restart",
            "security_opt", "shm_size", "userns_mode");

    /** Service keys docker stack deploy ignores as deprecated, with docker's explanation. */
    static final Map<String, String> DEPRECATED = Map.of(
            "container_name", "Setting the container name is not supported.",
            "expose", "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.");

    /** Service keys docker stack deploy refuses, with docker's explanation. */
    static final Map<String, String> FORBIDDEN = new TreeMap<>(Map.of(
            "extends", "Support for `extends` is not implemented yet.",
            "volume_driver", "Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.",
            "volumes_from", "To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.",
            "cpu_quota", "Set resource limits using deploy.resources",
            "cpu_shares", "Set resource limits using deploy.resources",
            "cpuset", "Set resource limits using deploy.resources",
            "mem_limit", "Set resource limits using deploy.resources",
            "memswap_limit", "Set resource limits using deploy.resources"));

    private static final Pattern WHOLE_VARIABLE = Pattern.compile("^\\$(?:\\{([_a-zA-Z][_a-zA-Z0-9]*)\\}|([_a-zA-Z][_a-zA-Z0-9]*))$");

    private final List<Path> files;
    private Map<String, String> environment = Map.of();
    private List<Path> envFiles = List.of();
    private boolean readDotEnv = true;
    private EventListener events = EventListener.IGNORE;
    private String stackName;
    private boolean lenientImages;
    private boolean printOnly;
    private Path displayBase;

    private StackLoader(List<Path> files) {
        if (files.isEmpty()) {
            throw new InvalidOptionException(Option.COMPOSE_FILES, "", "no compose file given (" + Option.COMPOSE_FILES + ")");
        }
        this.files = List.copyOf(files);
    }

    /** The compose files of the stack, merged in this order; relative paths resolve from the first file's directory. */
    public static StackLoader forFiles(List<Path> files) {
        return new StackLoader(files);
    }

    /** The files the {@code env} convention selects in {@code directory} (see {@link ComposeFiles#forEnvironment}). */
    public static StackLoader forEnvironment(Path directory, String env) {
        return new StackLoader(ComposeFiles.forEnvironment(directory, env));
    }

    /** The process environment: variables for interpolation, winning over every variables file. */
    public StackLoader environment(Map<String, String> variables) {
        this.environment = Map.copyOf(Objects.requireNonNull(variables));
        return this;
    }

    /** Variables files in docker's env-file format, later ones winning; each must exist. */
    public StackLoader envFiles(List<Path> files) {
        this.envFiles = List.copyOf(files);
        return this;
    }

    /** Whether to read a {@code .env} file next to the first compose file (default true). */
    public StackLoader readDotEnv(boolean read) {
        this.readDotEnv = read;
        return this;
    }

    public StackLoader events(EventListener listener) {
        this.events = Objects.requireNonNull(listener);
        return this;
    }

    /** When known, service, config and secret names are checked against Swarm's limits with this prefix. */
    public StackLoader stackName(String name) {
        this.stackName = name;
        return this;
    }

    /**
     * Image references {@code docker stack deploy} refuses become warnings instead of problems, as in
     * {@code docker stack config} (which does not look at them). For printing, not for deploying.
     */
    public StackLoader lenientImages(boolean lenient) {
        this.lenientImages = lenient;
        return this;
    }

    /**
     * For printing the stack as {@code docker stack config} does (swarm:config): only what docker's loader
     * refuses is a problem; what only {@code docker stack deploy} refuses (undeclared networks, volumes,
     * configs or secrets, unreadable config and secret files, image references, names over Swarm's limits,
     * values its conversion or the engine rejects) becomes a warning, and the stack is printed as docker
     * prints it. The {@link LoadedStack#definition()} of such a stack is not fit for deploying.
     */
    public StackLoader printOnly(boolean print) {
        this.printOnly = print;
        return this;
    }

    /**
     * Messages name the compose files relative to this directory (e.g. the project directory), as a
     * user would type them; by default as they were given.
     */
    public StackLoader displayPathsRelativeTo(Path directory) {
        this.displayBase = directory.toAbsolutePath().normalize();
        return this;
    }

    private String displayName(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (displayBase != null && absolute.startsWith(displayBase) && !absolute.equals(displayBase)) {
            return displayBase.relativize(absolute).toString();
        }
        return file.toString();
    }

    /**
     * Reads, checks and merges the files.
     *
     * @throws InvalidStackException with every problem found, when the stack cannot be deployed as written
     */
    public LoadedStack load() {
        // loading runs on a thread of its own (see DeepStack); its events reach the listener on this one
        List<Event> raised = new ArrayList<>();
        try {
            return DeepStack.call(() -> loadOnThisThread(raised::add));
        } finally {
            raised.forEach(events::on);
        }
    }

    private LoadedStack loadOnThisThread(EventListener events) {
        List<Problem> problems = new ArrayList<>();
        List<ComposeWarning> warnings = new ArrayList<>();
        Path workingDir = files.get(0).toAbsolutePath().getParent();
        Variables variables = Variables.resolve(environment, readDotEnv ? workingDir.resolve(".env") : null, envFiles, problems);
        Map<String, String> nameVariables = new LinkedHashMap<>();
        UnsetVariables unset = new UnsetVariables(events,
                path -> path.endsWith(".name") && nameVariables.containsKey(path.substring(0, path.length() - ".name".length())));

        // what only docker stack deploy refuses (docker stack config prints it)
        List<Problem> deployProblems = new ArrayList<>();
        List<Problem> ourLimits = new ArrayList<>();
        List<KeyUse> dependsOn = new ArrayList<>();
        List<MapNode> canonical = new ArrayList<>();
        String stackVersion = null;
        boolean allFilesValid = true;
        for (Path file : files) {
            List<Problem> fileProblems = new ArrayList<>();
            Optional<MapNode> raw = read(file, displayName(file), fileProblems, warnings);
            if (raw.isEmpty()) {
                problems.addAll(fileProblems);
                allFilesValid = false;
                continue;
            }
            MapNode document = raw.get();
            String version = version(document);
            if (stackVersion == null) {
                stackVersion = version;
            } else if (!stackVersion.equals(version)) {
                fileProblems.add(new Problem(document.positionOf("version"), "version",
                        "version mismatched between two composefiles: " + stackVersion + " and " + version));
            }
            Optional<Integer> minor = ComposeSchema.minorVersion(version);
            if (minor.isEmpty()) {
                fileProblems.add(new Problem(document.positionOf("version"), "version",
                        "unsupported Compose file version: " + version + " (docker stack deploy reads 3.0 to 3.13)"));
            }
            serviceKeyChecks(document, fileProblems, warnings, dependsOn);
            recordNameVariables(document, variables, nameVariables);
            MapNode interpolated = new Interpolator(variables::lookup, unset, fileProblems).interpolate(document);
            nonFiniteNumbers(interpolated, KeyPath.ROOT, fileProblems);
            if (minor.isPresent()) {
                Shape.Context context = new Shape.Context(version, minor.get(), fileProblems, warnings);
                ComposeSchema.file().check(interpolated, "", context);
            }
            if (fileProblems.isEmpty()) {
                // docker's typed form can be built from any file the schema accepts; what it still finds
                // wrong (sizes, volume specs, ...) is reported, and the whole stack is still checked
                CanonicalForm form = new CanonicalForm(workingDir, version, variables::lookup, fileProblems, deployProblems, warnings);
                canonical.add(form.file(interpolated));
                ourLimits.addAll(form.ourLimits());
            } else {
                allFilesValid = false;
            }
            problems.addAll(fileProblems);
        }

        dependsOnWarning(dependsOn).ifPresent(warnings::add);

        MapNode merged = null;
        Map<String, byte[]> configContents = Map.of();
        Map<String, byte[]> secretContents = Map.of();
        if (allFilesValid && !canonical.isEmpty()) {
            merged = StackMerge.merge(canonical);
            StackChecks.references(merged, deployProblems);
            StackChecks.images(merged, lenientImages, deployProblems, warnings);
            StackChecks.names(merged, stackName, deployProblems);
            configContents = StackChecks.contents(merged, "configs", variables, deployProblems);
            secretContents = StackChecks.contents(merged, "secrets", variables, deployProblems);
        }
        if (printOnly) {
            deployProblems.forEach(p -> warnings.add(new ComposeWarning(p.position(), p.path(), p.message()
                    + (ourLimits.contains(p) ? " (a deploy refuses this; docker stack deploy would send it)"
                    : " (docker stack deploy would refuse this)"))));
        } else {
            problems.addAll(deployProblems);
        }
        warnings.forEach(events::on);
        if (!problems.isEmpty() || merged == null) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Problem.READING_ORDER);
            throw new InvalidStackException(sorted);
        }
        return new LoadedStack(merged, configContents, secretContents, nameVariables, files, workingDir);
    }

    private static Optional<MapNode> read(Path file, String fileName, List<Problem> problems, List<ComposeWarning> warnings) {
        BoundedRead read;
        try {
            read = BoundedRead.of(file, ComposeLimits.MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            problems.add(new Problem(Position.ofFile(fileName), "", "compose file not found"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new Problem(Position.ofFile(fileName), "", "cannot read compose file: " + CanonicalForm.describe(e)));
            return Optional.empty();
        }
        if (read.truncated()) {
            problems.add(new Problem(Position.ofFile(fileName), "", "larger than " + ComposeLimits.bytes(ComposeLimits.MAX_FILE_BYTES)
                    + ", more than swarm-deploy reads from a compose file (docker has no limit: it reads until memory runs out)"));
            return Optional.empty();
        }
        return YamlDocumentReader.read(fileName, read.bytes(), problems, warnings);
    }

    /**
     * docker validates the interpolated file as JSON, which has no infinity or NaN: a value such as
     * {@code .inf} anywhere (even under an x- key, or cast from a variable) makes it refuse the file.
     */
    private static void nonFiniteNumbers(Node node, KeyPath path, List<Problem> problems) {
        if (node instanceof MapNode map) {
            map.entries().values().forEach(entry -> nonFiniteNumbers(entry.value(), path.child(entry.key()), problems));
        } else if (node instanceof Node.ListNode list) {
            for (int i = 0; i < list.size(); i++) {
                nonFiniteNumbers(list.items().get(i), path.item(i), problems);
            }
        } else if (node instanceof ScalarNode scalar && scalar.value() instanceof Double d && (d.isInfinite() || d.isNaN())) {
            problems.add(new Problem(scalar.position(), path.toString(), Strconv.formatFloat(d)
                    + " is not a number docker can handle (json: unsupported value); quote it to make it a string"));
        }
    }

    /** docker's schema.Version: the version as written (a number is printed Go's way), "3.13" when absent or "3". */
    static String version(MapNode document) {
        Node version = document.get("version");
        if (version == null) {
            return "3.13";
        }
        Object value = version instanceof ScalarNode s ? s.value() : null;
        String text = value instanceof String str ? str : Fmt.sprint(value);
        return text.isEmpty() || text.equals("3") ? "3.13" : text;
    }

    /** Keys docker refuses (a problem each) or ignores (a warning each), checked before interpolation as docker does. */
    private static void serviceKeyChecks(MapNode document, List<Problem> problems, List<ComposeWarning> warnings,
                                         List<KeyUse> dependsOn) {
        if (!(document.get("services") instanceof MapNode services)) {
            return;
        }
        for (Entry service : services.entries().values()) {
            if (!(service.value() instanceof MapNode definition)) {
                continue;
            }
            for (Entry key : definition.entries().values()) {
                String path = "services." + service.key() + "." + key.key();
                String forbidden = FORBIDDEN.get(key.key());
                if (forbidden != null) {
                    problems.add(new Problem(key.keyPosition(), path, "not supported by docker stack deploy: " + forbidden));
                } else if (UNSUPPORTED.contains(key.key())) {
                    warnings.add(new ComposeWarning(key.keyPosition(), path,
                            "ignored: Swarm does not support '" + key.key() + "' (docker stack deploy ignores it too)"));
                } else if (DEPRECATED.containsKey(key.key())) {
                    warnings.add(new ComposeWarning(key.keyPosition(), path, "ignored: " + DEPRECATED.get(key.key())));
                } else if (key.key().equals("depends_on")) {
                    dependsOn.add(new KeyUse(key.keyPosition(), path));
                }
            }
        }
    }

    /** Where a key is written. */
    record KeyUse(Position position, String path) {
    }

    /**
     * What depends_on means here, said once for the whole stack (at its first use, naming the others) rather
     * than once per service.
     */
    static Optional<ComposeWarning> dependsOnWarning(List<KeyUse> uses) {
        if (uses.isEmpty()) {
            return Optional.empty();
        }
        KeyUse first = uses.get(0);
        String others = uses.stream().skip(1).map(use -> use.path() + " (" + use.position() + ")")
                .collect(Collectors.joining(", "));
        return Optional.of(new ComposeWarning(first.position(), first.path(), "orders the deploy only: swarm-deploy"
                + " creates or updates a dependent once the services it lists started (depends_on mode started, the"
                + " default; healthy waits until they are healthy, ignore does not wait, as docker stack deploy); Swarm"
                + " restarts tasks later in no particular order: make services wait for what they need"
                + (others.isEmpty() ? "" : ". The same holds for " + others)));
    }

    /** Configs and secrets whose {@code name:} is exactly one unset variable: deploy names them itself. */
    private static void recordNameVariables(MapNode document, Variables variables, Map<String, String> nameVariables) {
        for (String kind : List.of("configs", "secrets")) {
            if (!(document.get(kind) instanceof MapNode section)) {
                continue;
            }
            for (Entry object : section.entries().values()) {
                String key = kind + "." + object.key();
                nameVariables.remove(key); // a later file replaces the whole definition
                Optional<String> name = object.value() instanceof MapNode definition ? definition.string("name") : Optional.empty();
                Matcher matcher = WHOLE_VARIABLE.matcher(name.orElse(""));
                if (matcher.matches()) {
                    String variable = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                    if (variables.lookup(variable).isEmpty()) {
                        nameVariables.put(key, variable);
                    }
                }
            }
        }
    }
}
