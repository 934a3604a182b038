package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.golang.Strconv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Substitutes variables in every string value of a compose document (never in keys), then, where
 * docker does, turns the result into the type the schema expects ({@code replicas: ${N}} becomes an
 * integer, {@code read_only: ${RO}} accepts yes/no/on/off). A value that contained no variable is left
 * alone, as docker leaves it.
 */
final class Interpolator {

    enum Cast { INT, FLOAT, BOOLEAN }

    /** Stands for a value whose interpolation failed (already reported), so that no later check reports it again. */
    record Failed(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static final Map<String, Cast> CASTS = new LinkedHashMap<>();

    static {
        service(Cast.INT, "configs.[].mode");
        service(Cast.INT, "secrets.[].mode");
        service(Cast.INT, "healthcheck.retries");
        service(Cast.BOOLEAN, "healthcheck.disable");
        service(Cast.INT, "deploy.replicas");
        service(Cast.INT, "deploy.update_config.parallelism");
        service(Cast.FLOAT, "deploy.update_config.max_failure_ratio");
        service(Cast.INT, "deploy.rollback_config.parallelism");
        service(Cast.FLOAT, "deploy.rollback_config.max_failure_ratio");
        service(Cast.INT, "deploy.restart_policy.max_attempts");
        service(Cast.INT, "deploy.placement.max_replicas_per_node");
        service(Cast.INT, "ports.[].target");
        service(Cast.INT, "ports.[].published");
        service(Cast.INT, "ulimits.*");
        service(Cast.INT, "ulimits.*.hard");
        service(Cast.INT, "ulimits.*.soft");
        service(Cast.BOOLEAN, "privileged");
        service(Cast.INT, "oom_score_adj");
        service(Cast.BOOLEAN, "read_only");
        service(Cast.BOOLEAN, "stdin_open");
        service(Cast.BOOLEAN, "tty");
        service(Cast.BOOLEAN, "volumes.[].read_only");
        service(Cast.BOOLEAN, "volumes.[].volume.nocopy");
        CASTS.put("networks.*.external", Cast.BOOLEAN);
        CASTS.put("networks.*.internal", Cast.BOOLEAN);
        CASTS.put("networks.*.attachable", Cast.BOOLEAN);
        CASTS.put("volumes.*.external", Cast.BOOLEAN);
        CASTS.put("secrets.*.external", Cast.BOOLEAN);
        CASTS.put("configs.*.external", Cast.BOOLEAN);
    }

    private static void service(Cast cast, String path) {
        CASTS.put("services.*." + path, cast);
    }

    private final Function<String, Optional<String>> lookup;
    private final UnsetVariables unset;
    private final List<Problem> problems;
    /** Characters the substitutions of this file have produced so far. */
    private long substituted;

    Interpolator(Function<String, Optional<String>> lookup, UnsetVariables unset, List<Problem> problems) {
        this.lookup = lookup;
        this.unset = unset;
        this.problems = problems;
    }

    MapNode interpolate(MapNode document) {
        return (MapNode) walk(document, KeyPath.ROOT);
    }

    /** @param path where the value is: shown as {@code services.web.ports[0]}, matched against casts as docker does */
    private Node walk(Node node, KeyPath path) {
        if (node instanceof MapNode map) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Entry entry : map.entries().values()) {
                entries.put(entry.key(), entry.withValue(walk(entry.value(), path.child(entry.key()))));
            }
            return new MapNode(entries, map.position());
        }
        if (node instanceof ListNode list) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(walk(list.items().get(i), path.item(i)));
            }
            return new ListNode(items, list.position());
        }
        ScalarNode scalar = (ScalarNode) node;
        if (!(scalar.value() instanceof String text)) {
            return scalar;
        }
        long budget = text.length() + Math.max(0, ComposeLimits.MAX_FILE_BYTES - substituted);
        Template.Result result = Template.substitute(text, lookup,
                variable -> unset.record(variable, scalar.position(), path.toString()), budget);
        if (result.tooLong()) {
            if (substituted <= ComposeLimits.MAX_FILE_BYTES) {
                problems.add(new Problem(scalar.position(), path.toString(), "with this value the file's values come to more than "
                        + ComposeLimits.bytes(ComposeLimits.MAX_FILE_BYTES) + " of text after substituting variables, more than"
                        + " swarm-deploy reads from a compose file (docker has no limit)"));
                substituted = ComposeLimits.MAX_FILE_BYTES + 1L;
            }
            return new ScalarNode(new Failed(text), scalar.position());
        }
        if (result.failed()) {
            problems.add(new Problem(scalar.position(), path.toString(), result.error()));
            return new ScalarNode(new Failed(text), scalar.position());
        }
        if (result.value().equals(text)) {
            return scalar;
        }
        substituted += result.value().length();
        Optional<Cast> cast = castFor(path.dockerPath());
        if (cast.isEmpty()) {
            return new ScalarNode(result.value(), scalar.position());
        }
        Object typed = cast(cast.get(), result.value());
        if (typed == null) {
            problems.add(new Problem(scalar.position(), path.toString(), "\"" + result.value() + "\" (after interpolating \"" + text
                    + "\") is not " + switch (cast.get()) {
                        case INT -> "an integer";
                        case FLOAT -> "a number";
                        case BOOLEAN -> "a boolean (true/false, yes/no, on/off, y/n)";
                    }));
            return new ScalarNode(new Failed(text), scalar.position());
        }
        return new ScalarNode(typed, scalar.position());
    }

    static Optional<Cast> castFor(String dockerPath) {
        String[] parts = dockerPath.split("\\.", -1);
        for (Map.Entry<String, Cast> pattern : CASTS.entrySet()) {
            String[] patternParts = pattern.getKey().split("\\.", -1);
            if (patternParts.length != parts.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                matches = patternParts[i].equals("*") || patternParts[i].equals(parts[i]);
            }
            if (matches) {
                return Optional.of(pattern.getValue());
            }
        }
        return Optional.empty();
    }

    /** docker's toInt/toFloat/toBoolean; null when the text is not of that type. */
    static Object cast(Cast cast, String value) {
        return switch (cast) {
            case INT -> Strconv.atoi(value).orElse(null);
            case FLOAT -> Strconv.parseFloat(value).orElse(null);
            case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                case "y", "yes", "true", "on" -> Boolean.TRUE;
                case "n", "no", "false", "off" -> Boolean.FALSE;
                default -> null;
            };
        };
    }
}
