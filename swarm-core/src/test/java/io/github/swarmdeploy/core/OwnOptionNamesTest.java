package io.github.swarmdeploy.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core speaks of its own options ({@link Option}), never of a front-end's: no Maven parameter
 * ({@code swarm.ssh.keyFile}), no {@code -D} system property, no {@code settings.xml} in a string of
 * {@code src/main}, nor a goal ({@code swarm:prune}: the core names {@code StackDeployment.prune}). The plugin adds
 * its parameter and goal names ({@code MavenParameters}).
 */
class OwnOptionNamesTest {

    private static final Path MAIN = Path.of("src/main/java");

    /** A string literal of Java source (text blocks are not used for messages here). */
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /** A Maven parameter or property, a {@code -D} option, the Maven settings file, a goal. */
    private static final Pattern MAVEN_NAME = Pattern.compile(
            "(?<![\\w.])swarm\\.[a-zA-Z]|-D[a-zA-Z]|settings\\.xml|(?<![\\w.])swarm:[a-z]");

    @Test
    void noStringOfTheCoreNamesAMavenParameter() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher literal = LITERAL.matcher(lines.get(i));
                    while (literal.find()) {
                        if (MAVEN_NAME.matcher(literal.group(1)).find()) {
                            found.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + literal.group());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, "name the option (Option.X in the message; the plugin renames it)");
    }

    @Test
    void theCheckSeesAMavenNameWhereOneIs() {
        assertTrue(MAVEN_NAME.matcher("give -Denv=<env>").find());
        assertTrue(MAVEN_NAME.matcher("set swarm.ssh.keyFile").find());
        assertTrue(MAVEN_NAME.matcher("a settings.xml <server>").find());
        assertTrue(MAVEN_NAME.matcher("run swarm:remove again").find());
        assertTrue(!MAVEN_NAME.matcher("io.github.swarmdeploy.managed").find());
        Matcher literal = LITERAL.matcher("throw new X(\"a \\\"quoted\\\" -Dswarm.x\" + y);");
        assertTrue(literal.find() && MAVEN_NAME.matcher(literal.group(1)).find());
    }
}
