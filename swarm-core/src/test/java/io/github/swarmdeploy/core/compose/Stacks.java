package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.event.Event;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Loads stacks written in a test into a temporary directory, as {@code 1.yml}, {@code 2.yml}, ... */
final class Stacks {

    final Path dir;
    final List<Event> events = new ArrayList<>();
    Map<String, String> environment = Map.of();
    String stackName;

    Stacks(Path dir) {
        this.dir = dir;
    }

    Stacks environment(Map<String, String> variables) {
        this.environment = variables;
        return this;
    }

    Stacks stackName(String name) {
        this.stackName = name;
        return this;
    }

    StackLoader loader(String... files) {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            paths.add(Fixtures.write(dir, (i + 1) + ".yml", files[i]));
        }
        return StackLoader.forFiles(paths).environment(environment).events(events::add).stackName(stackName);
    }

    LoadedStack load(String... files) {
        return loader(files).load();
    }

    /** The problems, each as {@code <file name>:line:column path: message} (file names without directory). */
    List<String> problems(String... files) {
        InvalidStackException e = assertThrows(InvalidStackException.class, () -> load(files));
        return e.problems().stream().map(this::relative).collect(Collectors.toList());
    }

    List<String> warnings() {
        return events.stream().filter(e -> e instanceof ComposeWarning).map(e -> relative(e.message())).collect(Collectors.toList());
    }

    private String relative(Object message) {
        return message.toString().replace(dir.toString() + "/", "");
    }
}
