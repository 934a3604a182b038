package io.github.swarmdeploy.core.compose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A compose key is declared once (see the package documentation of {@code compose.model}): in the schema
 * (what a file may write), as a component of a model record (how it is read, normalised, merged, printed and
 * shown in a plan, all by its declared type) and in the conversion (what Swarm gets). Proof by the sources:
 * outside comments, no other file of the packages a key passes through from file to plan (compose, convert,
 * plan) names these keys, in any spelling (rollout reads Swarm's spec fields, which may share a name). Before
 * the declaration was the model, {@code stop_grace_period} was named in 7 files.
 */
class ComposeKeyPlacesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/swarmdeploy/core");
    private static final Set<String> PACKAGES = Set.of("compose", "convert", "plan");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "stop_grace_period, stop_grace_period|stopGracePeriod|StopGracePeriod",
            "stop_signal, stop_signal|stopSignal|StopSignal",
            "cap_drop, cap_drop|capDrop|CapDrop"})
    void aServiceKeyIsNamedByTheSchemaTheModelAndTheConversionOnly(String key, String spellings) {
        assertEquals(Set.of("ComposeSchema.java", "ServiceConfig.java", "ServiceConversion.java"),
                filesNaming(Pattern.compile("\\b(" + spellings + ")\\b")), key);
    }

    private static Set<String> filesNaming(Pattern key) {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> PACKAGES.contains(SOURCES.relativize(file).getName(0).toString()))
                    .filter(file -> key.matcher(withoutComments(read(file))).find())
                    .map(file -> file.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
