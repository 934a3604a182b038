package io.github.swarmdeploy.core.convert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stack's namespace: scopes names ({@code <stack>_<key>}) and labels objects with
 * {@code com.docker.stack.namespace}, as docker's {@code convert.Namespace} and {@code AddStackLabel} do.
 *
 * @param name the stack name
 */
public record StackNamespace(String name) {

    /** docker's label naming the stack of every object it creates. */
    public static final String LABEL = "com.docker.stack.namespace";

    public StackNamespace {
        Objects.requireNonNull(name, "name");
    }

    /** {@code <stack>_<key>}. */
    public String scope(String key) {
        return name + "_" + key;
    }

    /** The given labels plus the namespace label (which wins), in the given order. */
    public Map<String, String> withStackLabel(Map<String, String> labels) {
        Map<String, String> result = new LinkedHashMap<>(labels);
        result.put(LABEL, name);
        return result;
    }
}
