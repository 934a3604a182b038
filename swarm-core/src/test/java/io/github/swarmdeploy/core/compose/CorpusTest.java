package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.convert.oracle.DockerGoldens;
import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real stack files from public projects (swarm-core/src/test/resources/compose/corpus, copied from the
 * team's corpus-dev): what we print, and the warnings docker logs, must be what {@code docker stack config}
 * printed for them (recorded from docker by {@code scripts/oracle-goldens}, which names the CLI in each file).
 */
class CorpusTest {

    @ParameterizedTest
    @ValueSource(strings = {"01-yu-leo-prod", "02-yu-leo-dev", "03-voting-app", "16-dockercoins-healthcheck"})
    void printsWhatDockerStackConfigPrinted(String id) {
        Path dir = Fixtures.corpus(id);
        List<Event> events = new ArrayList<>();

        LoadedStack stack = StackLoader.forFiles(List.of(dir.resolve("compose.yml")))
                .environment(Fixtures.variables(dir.resolve("variables.env")))
                .lenientImages(true)
                .events(events::add)
                .load();

        String expected = Fixtures.dockerOutput(dir.resolve("expected.out.yml")).replace(DockerGoldens.CONFIG_DIRECTORY + id,
                dir.toString());
        assertEquals(expected, stack.toYaml());
        assertEquals(dockerWarnings(dir.resolve("expected.err.txt")), warningsDockerPrints(events));
    }

    /**
     * docker's own full example references a network and a volume it does not declare, config and
     * secret files that are not there, and a config and a secret without any source: docker stack config
     * prints it anyway (deploying it fails); we report all of it at once, with positions.
     */
    @Test
    void fullExampleReportsWhatDockerWouldOnlyFindWhileDeploying() {
        Path dir = Fixtures.corpus(FULL_EXAMPLE);

        InvalidStackException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidStackException.class, () ->
                StackLoader.forFiles(List.of(dir.resolve("compose.yml")))
                        .environment(Fixtures.variables(dir.resolve("variables.env")))
                        .load());

        String file = dir.resolve("compose.yml").toString();
        assertEquals(List.of(
                file + ":216:7 services.foo.networks.other-other-network: network \"other-other-network\" is not declared under the top-level networks",
                file + ":285:9 services.foo.volumes[5]: undefined volume \"datavolume\" (declare it under the top-level volumes)",
                file + ":421:11 configs.config1.file: cannot read " + dir.resolve("config_data") + ": no such file",
                file + ":429:3 configs.config4: config config4 has no content: give it a file, content or environment, or mark it external",
                file + ":436:11 secrets.secret1.file: cannot read " + dir.resolve("secret_data") + ": no such file",
                file + ":444:3 secrets.secret4: secret secret4 has no content: give it a file, content or environment, or mark it external"),
                e.problems().stream().map(Problem::toString).collect(Collectors.toList()));
    }

    /**
     * The full example completed by a second file (complete.yml declares what is missing; docker's
     * output for both files is expected-complete.out.yml): same YAML, and the warnings docker logged.
     */
    @Test
    void fullExampleCompletedPrintsWhatDockerPrinted(@TempDir Path temp) throws IOException {
        Path source = Fixtures.corpus(FULL_EXAMPLE);
        Path dir = temp.resolve(FULL_EXAMPLE);
        Files.createDirectories(dir);
        for (String name : List.of("compose.yml", "complete.yml", "example1.env", "example2.env")) {
            Files.copy(source.resolve(name), dir.resolve(name));
        }
        Files.writeString(dir.resolve("config_data"), "config");
        Files.writeString(dir.resolve("secret_data"), "secret");
        List<Event> events = new ArrayList<>();

        LoadedStack stack = StackLoader.forFiles(List.of(dir.resolve("compose.yml"), dir.resolve("complete.yml")))
                .environment(Fixtures.variables(source.resolve("variables.env")))
                .lenientImages(true)
                .events(events::add)
                .load();

        String expected = Fixtures.dockerOutput(source.resolve("expected-complete.out.yml"))
                .replace(DockerGoldens.CONFIG_DIRECTORY + FULL_EXAMPLE, dir.toString());
        assertEquals(expected, stack.toYaml());
        assertEquals(dockerWarnings(source.resolve("expected-complete.err.txt")), warningsDockerPrints(events));
    }

    /** Our warnings of the kinds docker's stack config logs (ignored IP addresses, deprecated forms), as docker words them. */
    private static List<String> warningsDockerPrints(List<Event> events) {
        return events.stream()
                .map(Event::message)
                .filter(m -> m.contains("ignoring IP-address") || m.contains("is deprecated in favor of"))
                .map(m -> m.substring(m.indexOf(": ", m.indexOf(' ')) + 2))
                .collect(Collectors.toList());
    }

    private static final String FULL_EXAMPLE = "35-docker-cli-full-example";

    private static List<String> dockerWarnings(Path err) {
        Matcher m = Pattern.compile("msg=\"(.*)\"").matcher(Fixtures.read(err));
        List<String> messages = new ArrayList<>();
        while (m.find()) {
            messages.add(m.group(1));
        }
        return messages;
    }
}
