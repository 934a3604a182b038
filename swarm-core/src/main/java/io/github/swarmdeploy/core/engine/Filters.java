package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The {@code filters} of an Engine API list call ({@code GET /services?filters=…}): a JSON map of filter name to
 * values, URL-encoded. The one place that writes it; immutable.
 *
 * <pre>{@code
 * Filters.label(StackLabels.namespaceFilter(stack))          // {"label":["com.docker.stack.namespace=app"]}
 * Filters.service(id).and(Filters.DESIRED_STATE, "running")  // {"service":[id],"desired-state":["running"]}
 * }</pre>
 */
public final class Filters {

    public static final String LABEL = "label";
    public static final String NAME = "name";
    public static final String ID = "id";
    public static final String SERVICE = "service";
    public static final String DESIRED_STATE = "desired-state";
    /** The manager's filter for tasks of a service's current spec (what docker's progress display uses). */
    public static final String UP_TO_DATE = "_up-to-date";
    public static final String DANGLING = "dangling";
    public static final String ROLE = "role";

    private static final Filters NONE = new Filters(Map.of());

    private final Map<String, List<String>> values;

    private Filters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** No filter: every object. */
    public static Filters none() {
        return NONE;
    }

    /** Objects matching any of {@code values} under filter {@code key}. */
    public static Filters of(String key, Collection<String> values) {
        return NONE.and(key, values);
    }

    public static Filters of(String key, String... values) {
        return of(key, Arrays.asList(values));
    }

    /** Objects with the label {@code key} or {@code key=value}. */
    public static Filters label(String label) {
        return of(LABEL, label);
    }

    /**
     * Objects whose name matches one of {@code names}. The engine matches names by prefix for some kinds:
     * callers compare the names of what comes back.
     */
    public static Filters name(Collection<String> names) {
        return of(NAME, names);
    }

    public static Filters name(String name) {
        return of(NAME, name);
    }

    /** Tasks of the service with this ID (or name). */
    public static Filters service(String idOrName) {
        return of(SERVICE, idOrName);
    }

    /** These filters and {@code key} matching any of {@code values} (added to values already given for it). */
    public Filters and(String key, Collection<String> more) {
        Objects.requireNonNull(key, "key");
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        List<String> joined = new java.util.ArrayList<>(copy.getOrDefault(key, List.of()));
        more.forEach(value -> joined.add(Objects.requireNonNull(value, "filter value")));
        copy.put(key, List.copyOf(joined));
        return new Filters(java.util.Collections.unmodifiableMap(copy));
    }

    public Filters and(String key, String... more) {
        return and(key, Arrays.asList(more));
    }

    /** Only tasks of the service's current spec. */
    public Filters upToDate() {
        return and(UP_TO_DATE, "true");
    }

    /** The filters by name, in the order given. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    public List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * {@code ?filters=<URL-encoded JSON>}, or "" when there are none. Written here rather than by an ObjectMapper:
     * the first list call of a deploy is on its critical path, and a mapper's first serialisation in a fresh JVM
     * costs more than the whole call.
     */
    public String query() {
        if (values.isEmpty()) {
            return "";
        }
        StringJoiner json = new StringJoiner(",", "{", "}");
        values.forEach((key, list) -> {
            StringJoiner items = new StringJoiner(",", "[", "]");
            list.forEach(value -> items.add(quoted(value)));
            json.add(quoted(key) + ":" + items);
        });
        return "?filters=" + URLEncoder.encode(json.toString(), StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Filters filters && values.equals(filters.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
