package io.github.swarmdeploy.core.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiltersTest {

    private static String decoded(Filters filters) {
        String query = filters.query();
        assertTrue(query.startsWith("?filters="), query);
        assertFalse(query.contains(" ") || query.contains("\""), query);
        return URLDecoder.decode(query.substring("?filters=".length()), StandardCharsets.UTF_8);
    }

    @Test
    void filtersAreEncodedAsTheEngineExpects() {
        assertEquals("{\"label\":[\"com.docker.stack.namespace=shop prod\"]}",
                decoded(Filters.label("com.docker.stack.namespace=shop prod")));
        assertEquals("", Filters.none().query());
    }

    @Test
    void valuesAreJsonStringsWhateverTheyHold() {
        // a name with a quote or a backslash stays one value: no string concatenation of JSON
        assertEquals("{\"name\":[\"a\\\"b\",\"c\\\\d\"]}", decoded(Filters.name(List.of("a\"b", "c\\d"))));
    }

    @Test
    void controlCharactersAndNonAsciiComeOutAsAnObjectMapperWritesThem() throws Exception {
        Filters filters = Filters.name(List.of("line\nbreak\ttab\u0001", "caf\u00e9 \u2603")).and("k\"ey", List.of("v"));

        assertEquals(new ObjectMapper().writeValueAsString(filters.asMap()), decoded(filters));
    }

    @Test
    void severalFiltersAndSeveralValuesOfOne() {
        Filters filters = Filters.service("abc").and(Filters.DESIRED_STATE, "running").upToDate()
                .and(Filters.DESIRED_STATE, "accepted");

        assertEquals("{\"service\":[\"abc\"],\"desired-state\":[\"running\",\"accepted\"],\"_up-to-date\":[\"true\"]}",
                decoded(filters));
        assertEquals(List.of("running", "accepted"), filters.get(Filters.DESIRED_STATE));
    }
}
