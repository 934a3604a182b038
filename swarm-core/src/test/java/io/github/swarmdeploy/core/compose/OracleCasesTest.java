package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Small stacks, one concern each, with what {@code docker stack config} 28.2 printed for them (see
 * src/test/resources/compose/oracle/README.md): merge rules, quoting, scalar resolution, templates,
 * volumes, ports, environment precedence, externals, healthchecks and commands, deploy settings.
 */
class OracleCasesTest {

    @ParameterizedTest
    @ValueSource(strings = {"merge", "merge-keyed", "quoting", "scalars", "templates", "volumes", "ports", "environment",
            "externals", "healthchecks", "deploy", "unusual-names", "key-order", "volume-types", "documents", "string-styles", "ulimits"})
    void printsWhatDockerPrinted(String name) throws IOException {
        Path dir = Fixtures.resource("compose/oracle/" + name);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("\\d+\\.yml")).sorted().collect(Collectors.toList());
        }
        Map<String, String> variables = Files.exists(dir.resolve("variables.env"))
                ? Fixtures.variables(dir.resolve("variables.env")) : Map.of();
        List<Event> events = new ArrayList<>();

        LoadedStack stack = StackLoader.forFiles(files).environment(variables).readDotEnv(false)
                .lenientImages(true).events(events::add).load();

        assertEquals(Fixtures.dockerOutput(dir.resolve("expected.yml")).replace("@dir@", dir.toString())
                .replace("@parent@", dir.getParent().toString()), stack.toYaml());
        if (Files.exists(dir.resolve("expected.err"))) {
            Matcher m = Pattern.compile("msg=\"(.*)\"").matcher(Fixtures.read(dir.resolve("expected.err")));
            List<String> docker = new ArrayList<>();
            while (m.find()) {
                docker.add(m.group(1));
            }
            List<String> ours = events.stream().filter(e -> e instanceof ComposeWarning)
                    .map(e -> ((ComposeWarning) e).text())
                    .filter(t -> t.contains("ignoring IP-address") || t.contains("deprecated in favor of"))
                    .collect(Collectors.toList());
            assertEquals(docker, ours);
        }
    }
}
