package io.github.swarmdeploy.it;

import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.Invoker;
import org.apache.maven.shared.invoker.MavenInvocationException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real Maven build of one sample project under {@code it/src/it/<case>}, run through maven-invoker
 * against the isolated local repository that holds the plugin this reactor just built.
 *
 * <p>Each run works on a fresh copy of the sample project, so a test may change files in it
 * ({@link #projectDir()}) before {@link #run()}. {@code @project.version@} in a copied {@code pom.xml}
 * becomes the version of the plugin under test.
 */
public final class MavenBuild {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path projectDir;
    private final List<String> goals = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> servers = new ArrayList<>();
    private boolean debug;
    private boolean offline;

    private MavenBuild(Path projectDir) {
        this.projectDir = projectDir;
    }

    /** A fresh copy of the sample project {@code it/src/it/<caseName>}. */
    public static MavenBuild of(String caseName) {
        Path source = Paths.get(requiredProperty("it.projects"), caseName);
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("no sample project " + source);
        }
        Path target = Paths.get(requiredProperty("it.workDir"), caseName + "-" + RUNS.incrementAndGet());
        copyTree(source, target);
        return new MavenBuild(target);
    }

    /**
     * A fresh copy of the sample project {@code it/src/it/<caseName>} without its {@code pom.xml}: a
     * plain directory, for goals that run without a project ({@code requiresProject = false}); call
     * them by {@link #pluginGoal(String)}.
     */
    public static MavenBuild withoutPom(String caseName) {
        MavenBuild build = of(caseName);
        try {
            Files.delete(build.projectDir.resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build;
    }

    /** The plugin under test, as {@code groupId:artifactId:version:goal}. */
    public static String pluginGoal(String goal) {
        return "io.github.swarmdeploy:swarm-maven-plugin:" + requiredProperty("it.pluginVersion") + ":" + goal;
    }

    public Path projectDir() {
        return projectDir;
    }

    public MavenBuild goals(String... names) {
        goals.addAll(List.of(names));
        return this;
    }

    public MavenBuild property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    public MavenBuild environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs Maven with {@code -X}: debug output, every Mojo parameter's value included. */
    public MavenBuild debug() {
        this.debug = true;
        return this;
    }

    /** Runs Maven with {@code -o}: offline, nothing but the local repository. */
    public MavenBuild offline() {
        this.offline = true;
        return this;
    }

    /**
     * A {@code <server>} in the build's settings.xml: its id and inner XML, e.g.
     * {@code server("deploy-key", "<passphrase>{...}</passphrase>")}.
     */
    public MavenBuild server(String id, String innerXml) {
        servers.add("<server><id>" + id + "</id>" + innerXml + "</server>");
        return this;
    }

    public Result run() {
        StringBuilder log = new StringBuilder();
        InvocationRequest request = new DefaultInvocationRequest();
        request.setBaseDirectory(projectDir.toFile());
        request.setGoals(goals);
        request.setBatchMode(true);
        request.setDebug(debug);
        request.setOffline(offline);
        request.setLocalRepositoryDirectory(new File(requiredProperty("it.localRepository")));
        request.setUserSettingsFile(settingsPreferringOuterRepository(servers).toFile());
        Properties props = new Properties();
        props.putAll(properties);
        request.setProperties(props);
        environment.forEach(request::addShellEnvironment);
        request.setOutputHandler(line -> log.append(line).append('\n'));
        request.setErrorHandler(line -> log.append(line).append('\n'));
        request.setTimeoutInSeconds(900);

        Invoker invoker = new DefaultInvoker();
        invoker.setMavenHome(new File(requiredProperty("maven.home")));
        try {
            InvocationResult result = invoker.execute(request);
            if (result.getExecutionException() != null) {
                throw new IllegalStateException("could not run mvn", result.getExecutionException());
            }
            Files.writeString(projectDir.resolve("build.log"), log);
            return new Result(result.getExitCode(), log.toString());
        } catch (MavenInvocationException e) {
            throw new IllegalStateException("could not run mvn in " + projectDir, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the build as {@code mvn} does from a shell, in a process of its own (the JVM itself: {@code bin/mvn}
     * execs java), so that a test can signal it as CI does when it cancels a job.
     */
    public Running start() {
        List<String> command = new ArrayList<>(List.of(Paths.get(requiredProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "-s", settingsPreferringOuterRepository(servers).toString(),
                "-Dmaven.repo.local=" + requiredProperty("it.localRepository")));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(goals);
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new Running(builder.start(), projectDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start mvn in " + projectDir, e);
        }
    }

    /** A build started by {@link #start()}: what it printed so far, and a way to end it as CI does. */
    public static final class Running {
        private final Process process;
        private final Path projectDir;
        private final StringBuffer log = new StringBuffer();
        private final Thread reader;

        private Running(Process process, Path projectDir) {
            this.process = process;
            this.projectDir = projectDir;
            this.reader = new Thread(() -> {
                try (java.io.BufferedReader lines = process.inputReader()) {
                    lines.lines().forEach(line -> log.append(line).append('\n'));
                } catch (IOException | UncheckedIOException e) {
                    log.append("(reading the build's output failed: ").append(e).append(")\n");
                }
            }, "mvn output " + projectDir.getFileName());
            reader.setDaemon(true);
            reader.start();
        }

        public String log() {
            return log.toString();
        }

        /**
         * Sends SIGTERM, as a CI runner does to a cancelled job (through the process handle: {@link Process#destroy()}
         * would also close the pipe the build's last words come through).
         */
        public void terminate() {
            process.toHandle().destroy();
        }

        /** Waits for the build to end (at most 5 minutes) and for all it printed. */
        public Result await() throws InterruptedException {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("mvn in " + projectDir + " did not end within 5 minutes:\n" + log);
            }
            reader.join(java.time.Duration.ofMinutes(1).toMillis());
            try {
                Files.writeString(projectDir.resolve("build.log"), log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Result(process.exitValue(), log.toString());
        }
    }

    /** What the build did: its exit code and everything it printed. */
    public record Result(int exitCode, String log) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + log;
        }
    }

    /**
     * The isolated repository holds the plugin under test and its dependencies, but not every pom they
     * import; those come from the repository of the outer build (a file:// repository), and only what
     * is in neither is downloaded.
     */
    private Path settingsPreferringOuterRepository(List<String> servers) {
        Path settings = servers.isEmpty() ? Paths.get(requiredProperty("it.workDir"), "settings.xml")
                : projectDir.resolve("settings.xml");
        String outer = Paths.get(requiredProperty("it.outerRepository")).toUri().toString();
        String repository = """
                      <id>outer-local</id>
                      <url>%s</url>
                      <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                      <snapshots><enabled>false</enabled></snapshots>
                """.formatted(outer);
        String xml = """
                <settings>
                  <servers>%s</servers>
                  <profiles>
                    <profile>
                      <id>outer-local</id>
                      <repositories><repository>
                %s      </repository></repositories>
                      <pluginRepositories><pluginRepository>
                %s      </pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>outer-local</activeProfile></activeProfiles>
                </settings>
                """.formatted(String.join("", servers), repository, repository);
        try {
            Files.createDirectories(settings.getParent());
            Files.writeString(settings, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through `mvn verify`");
        }
        return value;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static void copyTree(Path source, Path target) {
        deleteTree(target);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else if (path.getFileName().toString().equals("pom.xml")) {
                    String pom = Files.readString(path).replace("@project.version@", requiredProperty("it.pluginVersion"));
                    Files.writeString(destination, pom);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }
}
