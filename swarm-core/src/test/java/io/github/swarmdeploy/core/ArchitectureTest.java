package io.github.swarmdeploy.core;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The map in {@code docs/architecture.md} is what the code does: its table of allowed imports and its list of
 * deciders are read from the document itself (so the map and this check cannot drift apart), and every main
 * source of swarm-core and swarm-maven-plugin is held to them: imports and fully qualified names outside
 * comments, Engine API paths written outside {@code engine}, and the I/O a decider must not touch. The checks
 * are also run on synthetic sources that break each rule, so that a check that cannot fail would show.
 */
class ArchitectureTest {

    private static final Path DOC = Path.of("../docs/architecture.md");
    private static final List<Path> MAIN_SOURCES = List.of(
            Path.of("src/main/java"), Path.of("../swarm-maven-plugin/src/main/java"));
    private static final String ROOT = "io.github.swarmdeploy.";
    private static final String ENGINE = ROOT + "core.engine";

    /** A string literal that is an Engine API path ({@code "/services/"}, {@code "/v1.41/tasks?filters="}). */
    private static final Pattern ENGINE_PATH = Pattern.compile("^/(v\\d+\\.\\d+/)?(_ping|build|configs|containers"
            + "|distribution|events|exec|images|info|networks|nodes|plugins|secrets|services|session|swarm|system"
            + "|tasks|version|volumes)([/?].*)?$", Pattern.DOTALL);
    private static final Pattern QUALIFIED_NAME = Pattern.compile(
            "(?<![\\w.])((?:java|javax|com|org|net|io)(?:\\.[a-z_][\\w]*)+\\.[A-Z]\\w*)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    private static Rules rules;
    private static List<Source> sources;

    @BeforeAll
    static void readMapAndSources() {
        rules = Rules.read(read(DOC));
        sources = MAIN_SOURCES.stream().flatMap(ArchitectureTest::javaFiles)
                .map(file -> Source.parse(file.toString(), read(file)))
                .toList();
    }

    @Test
    void everyMainSourceImportsOnlyWhatTheMapAllows() {
        List<String> violations = sources.stream().flatMap(source -> rules.violations(source).stream()).toList();
        assertEquals(List.of(), violations, "docs/architecture.md, \"Allowed imports\" and \"Deciders\"");
    }

    @Test
    void theMapHasOneRowPerPackageAndEveryPackageSaysWhatItIsFor() {
        Set<String> packages = sources.stream().map(Source::pkg).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(packages, new TreeSet<>(rules.packages()),
                "the packages of the main sources and the rows of docs/architecture.md's table of allowed imports");
        Set<String> withPackageInfo = sources.stream().filter(source -> source.file().endsWith("package-info.java"))
                .map(Source::pkg).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(packages, withPackageInfo, "packages with a package-info.java");
        for (String decider : rules.deciders()) {
            assertTrue(sources.stream().anyMatch(source -> source.className().equals(decider)),
                    "docs/architecture.md names a decider that does not exist: " + decider);
        }
    }

    // ---- the checks themselves must fail when a rule is broken

    @Test
    void dockerJavaOutsideEngineIsRefusedExceptTheModelInConvert() {
        assertViolation(source("core.plan", "Reader", "import com.github.dockerjava.api.DockerClient;"),
                "core.plan imports com.github.dockerjava.api.DockerClient");
        assertViolation(source("core.convert", "Conversion", "import com.github.dockerjava.core.DockerClientImpl;"),
                "core.convert imports com.github.dockerjava.core.DockerClientImpl");
        assertNoViolation(source("core.convert", "Conversion", "import com.github.dockerjava.api.model.ServiceSpec;"));
        assertNoViolation(source("core.engine", "Connection", "import com.github.dockerjava.api.DockerClient;"));
    }

    @Test
    void coreNeverSpeaksMavenNotEvenByAFullyQualifiedName() {
        assertViolation(source("core.deploy", "Deployer", "import org.apache.maven.plugin.MojoFailureException;"),
                "core.deploy imports org.apache.maven.plugin.MojoFailureException");
        assertViolation(source("core.api", "Entry",
                        "class Entry { void fail() throws org.apache.maven.plugin.MojoFailureException { } }"),
                "core.api imports org.apache.maven.plugin.MojoFailureException");
        assertNoViolation(source("core.api", "Entry",
                "/** Unlike {@link org.apache.maven.plugin.MojoFailureException}, a comment names what it likes. */"));
        assertNoViolation(source("maven", "GoalMojo", "import org.apache.maven.plugin.MojoFailureException;"));
    }

    @Test
    void aPackageMayUseOnlyThePackagesItsRowListsNotThoseBelowThem() {
        assertViolation(source("core.compose", "Loader", "import io.github.swarmdeploy.core.engine.SwarmApi;"),
                "core.compose imports io.github.swarmdeploy.core.engine.SwarmApi");
        assertViolation(source("core.compose.model", "Record", "import io.github.swarmdeploy.core.compose.Node;"),
                "core.compose.model imports io.github.swarmdeploy.core.compose.Node");
        assertViolation(source("core.event", "Event", "import static io.github.swarmdeploy.core.naming.StackLabels.KIND;"),
                "core.event imports io.github.swarmdeploy.core.naming.StackLabels.KIND");
        assertNoViolation(source("core.compose", "Loader", "import io.github.swarmdeploy.core.SwarmDeployException;\n"
                + "import io.github.swarmdeploy.core.compose.model.StackDefinition;\nimport java.util.List;"));
    }

    @Test
    void onlyEngineWritesEngineApiPaths() {
        assertViolation(source("core.rollout", "Reader", "class Reader { String path = \"/tasks?filters=\" + f; }"),
                "core.rollout writes the Engine API path \"/tasks?filters=\"");
        assertViolation(source("core.history", "Records", "class Records { String path = \"/configs/\" + id; }"),
                "core.history writes the Engine API path \"/configs/\"");
        assertNoViolation(source("core.engine", "Api", "class Api { String path = \"/tasks?filters=\" + f; }"));
        assertNoViolation(source("core.compose", "Files", "class Files { String path = \"/secrets.txt\"; }"));
    }

    @Test
    void decidersTouchNoIo() {
        assertViolation(source("core.plan", "StackPlanner", "import io.github.swarmdeploy.core.engine.SwarmApi;"),
                "core.plan.StackPlanner is a decider and imports io.github.swarmdeploy.core.engine.SwarmApi");
        assertViolation(source("core.plan", "StackPlanner", "class StackPlanner { LiveStackReader reader; }"),
                "core.plan.StackPlanner is a decider and names io.github.swarmdeploy.core.plan.LiveStackReader");
        assertViolation(source("core.lock", "LeaseDecider", "import java.nio.file.Files;"),
                "core.lock.LeaseDecider is a decider and imports java.nio.file.Files");
        assertNoViolation(source("core.lock", "LeaseDecider", "import io.github.swarmdeploy.core.engine.SwarmDataObject;"));
        assertNoViolation(source("core.plan", "LiveStackReaderUser", "import io.github.swarmdeploy.core.engine.SwarmApi;"));
    }

    private static Source source(String pkg, String className, String body) {
        return Source.parse(className + ".java", "package " + ROOT + pkg + ";\n\n" + body + "\n");
    }

    private static void assertViolation(Source source, String expected) {
        List<String> violations = rules.violations(source);
        assertTrue(violations.stream().anyMatch(violation -> violation.contains(expected)),
                "expected a violation containing «" + expected + "», got " + violations);
    }

    private static void assertNoViolation(Source source) {
        assertEquals(List.of(), rules.violations(source));
    }

    // ---- the map, as docs/architecture.md writes it

    /**
     * @param allowed  per package (fully qualified; {@code *} for every one) what it may import
     * @param deciders fully qualified class names
     * @param forbiddenInDeciders packages and classes (fully qualified)
     */
    record Rules(Map<String, List<String>> allowed, Set<String> deciders, List<String> forbiddenInDeciders) {

        static Rules read(String doc) {
            Map<String, List<String>> allowed = new LinkedHashMap<>();
            List<String> lines = doc.lines().toList();
            int header = indexOf(lines, line -> line.startsWith("| package | may import from swarm-deploy |"));
            for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
                String[] cells = lines.get(i).split("\\|", -1);
                if (cells.length != 5) {
                    fail("docs/architecture.md, table of allowed imports: not 3 cells: " + lines.get(i));
                }
                String pkg = qualify(single(cells[1], lines.get(i)));
                List<String> entries = new ArrayList<>(backticked(cells[2]));
                entries.addAll(backticked(cells[3]));
                if (allowed.put(pkg, entries.stream().map(Rules::qualify).toList()) != null) {
                    fail("docs/architecture.md, table of allowed imports: two rows for " + pkg);
                }
            }
            Set<String> deciders = new LinkedHashSet<>(listItem(lines, "- deciders:"));
            List<String> forbidden = listItem(lines, "- forbidden in deciders:");
            if (allowed.size() < 2 || deciders.isEmpty() || forbidden.isEmpty()) {
                fail("docs/architecture.md: the table of allowed imports or the lists of deciders are gone");
            }
            return new Rules(allowed, deciders, forbidden);
        }

        Set<String> packages() {
            return allowed.keySet().stream().filter(pkg -> !pkg.equals("*")).collect(Collectors.toSet());
        }

        List<String> violations(Source source) {
            List<String> violations = new ArrayList<>();
            String where = source.file() + ": " + relative(source.pkg());
            List<String> allowedHere = new ArrayList<>(allowed.getOrDefault("*", List.of()));
            allowedHere.addAll(allowed.getOrDefault(source.pkg(), List.of()));
            if (!allowed.containsKey(source.pkg())) {
                violations.add(where + " has no row in docs/architecture.md's table of allowed imports");
            }
            for (String name : source.names()) {
                boolean ok = packageOf(name).equals(source.pkg())
                        || allowedHere.stream().anyMatch(entry -> allows(entry, name));
                if (!ok) {
                    violations.add(where + " imports " + name + ", which its row in docs/architecture.md does not"
                            + " allow (if it is meant, add it there and say why in the commit)");
                }
            }
            if (!source.pkg().equals(ENGINE)) {
                for (String literal : source.literals()) {
                    if (ENGINE_PATH.matcher(literal).matches()) {
                        violations.add(where + " writes the Engine API path \"" + literal + "\": every path belongs"
                                + " to engine.HttpSwarmApi, behind a typed method of engine.SwarmApi");
                    }
                }
            }
            String decider = source.className();
            if (deciders.contains(decider)) {
                for (String entry : forbiddenInDeciders) {
                    source.names().stream().filter(name -> below(entry, name)).forEach(name ->
                            violations.add(where + ": " + relative(decider) + " is a decider and imports " + name));
                    String simpleName = entry.substring(entry.lastIndexOf('.') + 1);
                    if (isClass(entry) && !source.names().contains(entry)
                            && Pattern.compile("\\b" + simpleName + "\\b").matcher(source.code()).find()) {
                        violations.add(where + ": " + relative(decider) + " is a decider and names " + entry);
                    }
                }
            }
            return violations;
        }

        /** A class entry allows the class; a package of ours that package; a library's package it and below. */
        private static boolean allows(String entry, String name) {
            if (isClass(entry) || !entry.startsWith(ROOT)) {
                return below(entry, name);
            }
            return packageOf(name).equals(entry);
        }

        private static boolean below(String entry, String name) {
            return name.equals(entry) || name.startsWith(entry + ".");
        }

        private static String qualify(String entry) {
            boolean ours = entry.equals("core") || entry.startsWith("core.")
                    || entry.equals("maven") || entry.startsWith("maven.");
            return ours ? ROOT + entry : entry;
        }

        private static String relative(String name) {
            return name.startsWith(ROOT) ? name.substring(ROOT.length()) : name;
        }

        private static String single(String cell, String line) {
            List<String> names = backticked(cell);
            if (names.size() != 1) {
                fail("docs/architecture.md, table of allowed imports: no package in " + line);
            }
            return names.get(0);
        }

        private static List<String> listItem(List<String> lines, String start) {
            int first = indexOf(lines, line -> line.startsWith(start));
            StringBuilder item = new StringBuilder(lines.get(first).substring(start.length()));
            for (int i = first + 1; i < lines.size() && lines.get(i).startsWith("  "); i++) {
                item.append(' ').append(lines.get(i));
            }
            return backticked(item.toString()).stream().map(Rules::qualify).toList();
        }

        private static int indexOf(List<String> lines, Predicate<String> test) {
            for (int i = 0; i < lines.size(); i++) {
                if (test.test(lines.get(i))) {
                    return i;
                }
            }
            throw new AssertionError("docs/architecture.md: the table of allowed imports or the lists of deciders"
                    + " have lost their shape (ArchitectureTest reads them)");
        }

        private static List<String> backticked(String text) {
            List<String> names = new ArrayList<>();
            Matcher matcher = BACKTICKED.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }
    }

    /** The package of a name: its segments up to the first one that starts with a capital (a class). */
    private static String packageOf(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    private static boolean isClass(String name) {
        return !packageOf(name).equals(name);
    }

    // ---- a main source, as far as the rules look at it

    /**
     * @param names    what it imports and what its code (outside comments and strings) names fully qualified
     * @param literals its string literals
     * @param code     its text without comments and string literals
     */
    record Source(String file, String pkg, String className, Set<String> names, List<String> literals, String code) {

        static Source parse(String file, String text) {
            StringBuilder code = new StringBuilder();
            List<String> literals = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (text.startsWith("//", i)) {
                    int end = text.indexOf('\n', i);
                    i = end < 0 ? text.length() : end;
                } else if (text.startsWith("/*", i)) {
                    int end = text.indexOf("*/", i + 2);
                    i = end < 0 ? text.length() : end + 2;
                    code.append(' ');
                } else if (text.startsWith("\"\"\"", i)) {
                    int end = text.indexOf("\"\"\"", i + 3);
                    literals.add(text.substring(i + 3, end < 0 ? text.length() : end).strip());
                    i = end < 0 ? text.length() : end + 3;
                    code.append("\"\"");
                } else if (c == '"' || c == '\'') {
                    StringBuilder literal = new StringBuilder();
                    int j = i + 1;
                    while (j < text.length() && text.charAt(j) != c) {
                        if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                            literal.append(text.charAt(j));
                            j++;
                        }
                        literal.append(text.charAt(j));
                        j++;
                    }
                    if (c == '"') {
                        literals.add(literal.toString());
                    }
                    code.append(c).append(c);
                    i = j + 1;
                } else {
                    code.append(c);
                    i++;
                }
            }
            String stripped = code.toString();
            Matcher pkg = PACKAGE.matcher(stripped);
            if (!pkg.find()) {
                fail(file + ": no package declaration");
            }
            Set<String> names = new TreeSet<>();
            Matcher imports = IMPORT.matcher(stripped);
            while (imports.find()) {
                names.add(imports.group(1));
            }
            String body = IMPORT.matcher(PACKAGE.matcher(stripped).replaceAll("")).replaceAll("");
            Matcher qualified = QUALIFIED_NAME.matcher(body);
            while (qualified.find()) {
                names.add(qualified.group(1));
            }
            String simpleName = Path.of(file).getFileName().toString().replaceFirst("\\.java$", "");
            return new Source(file, pkg.group(1), pkg.group(1) + "." + simpleName, names, literals, body);
        }
    }

    private static Stream<Path> javaFiles(Path root) {
        assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is missing");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> java = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
            assertFalse(java.isEmpty(), "no sources under " + root);
            return java.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
