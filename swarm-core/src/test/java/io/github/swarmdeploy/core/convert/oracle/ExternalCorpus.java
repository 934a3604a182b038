package io.github.swarmdeploy.core.convert.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A corpus of real-world stack files kept outside the repository (public projects' files may not be
 * committed), as engineer "corpus-compose" lays it out: {@code manifest.json} (and {@code manifest-convert.json}
 * for files collected by "corpus-convert"), arrays of entries {@code {"id", "compose", "vars_env", …}}; one
 * directory per entry holding the compose file at {@code compose} (relative), the files it refers to, and
 * optionally the variables to export ({@code vars_env}: KEY=VALUE lines taken literally).
 */
public final class ExternalCorpus {

    static final List<String> MANIFESTS = List.of("manifest.json", "manifest-convert.json");

    private ExternalCorpus() {
    }

    /**
     * The stacks of the corpus as oracle fixtures, sorted by id.
     *
     * @param only comma-separated ids (or id prefixes such as {@code 012}) to keep; empty keeps all
     */
    public static List<OracleFixture> read(Path root, String only) {
        Set<String> wanted = Arrays.stream(only.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .collect(Collectors.toSet());
        List<OracleFixture> fixtures = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String manifest : MANIFESTS) {
            Path file = root.resolve(manifest);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode entries;
            try {
                entries = json.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (JsonNode entry : entries) {
                String id = entry.path("id").asText();
                if (!wanted.isEmpty() && wanted.stream().noneMatch(id::startsWith)) {
                    continue;
                }
                Path directory = root.resolve(id);
                String variables = entry.path("vars_env").asText("");
                Map<String, String> environment = variables.isEmpty() ? Map.of()
                        : OracleFixtures.readEnvFile(directory.resolve(variables));
                // a multi-file entry: compose_files lists every file, the first one being "compose"
                List<Path> more = new ArrayList<>();
                entry.path("compose_files").forEach(name -> more.add(directory.resolve(name.asText())));
                Path first = directory.resolve(entry.path("compose").asText("compose.yml"));
                more.remove(first);
                fixtures.add(new OracleFixture(id, first, directory, environment, List.of(), Map.of(), more));
            }
        }
        fixtures.sort(Comparator.comparing(OracleFixture::id));
        return fixtures;
    }
}
