package io.github.swarmdeploy.core.prune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The Engine API's {@code filters} query parameter: a JSON map of filter name to values, URL-encoded. */
final class EngineQuery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineQuery() {
    }

    /** {@code ?filters=...} for the given filters, or "" when there are none. */
    static String filters(Map<String, List<String>> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        try {
            return "?filters=" + URLEncoder.encode(JSON.writeValueAsString(filters), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode filters " + filters, e);
        }
    }
}
