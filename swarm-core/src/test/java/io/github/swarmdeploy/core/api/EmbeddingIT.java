package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmService;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The program of docs/embedding.md, as written there: compiled against the library and run against the sandbox
 * swarm. It tags, builds and pushes an image, deploys a stack with it and prints the result.
 */
class EmbeddingIT {

    static final Path DOC = Path.of("..", "docs", "embedding.md");

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.manager();

    @TempDir
    Path dir;

    @Test
    void theProgramOfTheDocumentationTagsPushesDeploysAndPrintsTheResult() throws Exception {
        String program = onlyJavaBlock(Files.readString(DOC));
        Matcher name = CLASS_NAME.matcher(program);
        assertTrue(name.find(), "the program of " + DOC + " declares a public class");
        Class<?> main = compile(name.group(1), program);

        String stack = sandbox.newStack("embedding");
        String prefix = SandboxSwarm.registry() + "/" + stack.replace('_', '-');
        Path project = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(project.resolve("Dockerfile"), "FROM " + SandboxSwarm.baseImage() + "\n"
                + "CMD [\"sleep\", \"3600\"]\n");
        Files.writeString(project.resolve("compose.yaml"), """
                services:
                  web:
                    image: %s/web:${SWARM_TAG}
                    deploy:
                      endpoint_mode: dnsrr
                """.formatted(prefix));
        git(project, "init", "-q");
        git(project, "add", ".");
        git(project, "-c", "user.name=it", "-c", "user.email=it@example.com", "commit", "-q", "-m", "shop");

        String out = run(main, project.toString(), stack, prefix, "web");

        List<SwarmService> services = sandbox.connection().swarm()
                .fetchServices(Filters.label(StackLabels.namespaceFilter(stack)));
        assertEquals(List.of(stack + "_web"), services.stream().map(SwarmService::name).toList(), out);
        String image = services.get(0).image();
        Matcher tagged = Pattern.compile(Pattern.quote(prefix + "/web:") + "(\\d{8}_[0-9a-f]{8})(@sha256:.*)?")
                .matcher(image);
        assertTrue(tagged.matches(), () -> "deployed " + image + ", tagged {date}_{sha8}\n" + out);
        assertTrue(out.contains("pushed " + prefix + "/web:" + tagged.group(1) + " sha256:"), out);
        assertTrue(out.contains("stack " + stack + " deployed"), out);
        assertTrue(out.contains("  " + stack + "_web: created ("), out);
        assertTrue(out.contains("image: " + prefix + "/web:"), "the stack's config was printed\n" + out);
    }

    static String onlyJavaBlock(String markdown) {
        Matcher block = JAVA_BLOCK.matcher(markdown);
        assertTrue(block.find(), DOC + " has a ```java block");
        String program = block.group(1);
        assertTrue(!block.find(), DOC + " has one ```java block: the program the test runs");
        return program;
    }

    private Class<?> compile(String className, String source) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                            "-Xlint:none", "-proc:none"),
                    null, files.getJavaFileObjects(file)).call();
            assertTrue(compiled, () -> "the program of " + DOC + " does not compile:\n" + diagnostics.getDiagnostics());
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass(className);
    }

    /** Runs the program's main in this JVM (the sandbox's DOCKER_HOST is this JVM's), returning what it printed. */
    private static String run(Class<?> main, String... args) throws Exception {
        Method entry = main.getMethod("main", String[].class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            entry.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the program failed; it printed:\n" + printed.toString(StandardCharsets.UTF_8),
                    e.getCause());
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static String git(Path directory, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = directory.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return Processes.run(command);
    }
}
