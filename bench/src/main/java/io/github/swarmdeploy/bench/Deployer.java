package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One way of deploying a prepared stack, measured as a user experiences it: one process per deploy, from
 * start to exit (JVM and Maven start included), waiting until the services converged.
 */
sealed interface Deployer permits Deployer.DockerStackDeploy, Deployer.OursJava, Deployer.OursMaven {

    /** docker waits for its services one after the other, ~5 s each: gen200 takes it ~17 min per deploy. */
    Duration TIMEOUT = Duration.ofMinutes(40);

    /** Short name used in results: docker, docker-ssh, ours, ours-ssh, ours-mvn. */
    String name();

    /** The command line, in words, for the summary. */
    String description();

    boolean isOurs();

    boolean overSsh();

    Attempt deploy(PreparedStack stack, Path log);

    /**
     * A finished deploy: the process result; for our Java main, the time its call of deploy() took; for Maven,
     * where its time went.
     */
    record Attempt(Command.Result result, OptionalLong inProcessMillis, Optional<MavenTiming> maven) {

        Attempt(Command.Result result, OptionalLong inProcessMillis) {
            this(result, inProcessMillis, Optional.empty());
        }
    }

    /**
     * {@code swarm.dependsOn} for our variants: empty for the default ({@code started}); {@code healthy} or
     * {@code ignore} give the variants {@code ours-healthy}, {@code ours-mvn-ignore}, ...
     */
    static String withMode(String base, Optional<String> dependsOn) {
        return base + dependsOn.map(mode -> "-" + mode).orElse("");
    }

    /** How to reach the sandbox engine over SSH: {@code ssh://user@host:port}, a key and a known_hosts file. */
    record SshAccess(String user, String host, int port, Path key, Path knownHosts) {
        String uri() {
            return "ssh://" + user + "@" + host + ":" + port;
        }
    }

    /**
     * {@code docker stack deploy --detach=false -c FILE STACK}: docker's defaults otherwise (--resolve-image
     * always, no --prune), with the variables the pipeline exported ({@link PreparedStack#pipelineVariables()}).
     * Over SSH the docker CLI runs OpenSSH itself ({@code DOCKER_HOST=ssh://...}); a wrapper {@code ssh} first on
     * its PATH adds the sandbox key and known_hosts, since OpenSSH reads ~/.ssh/config of the account only.
     */
    record DockerStackDeploy(Optional<SshAccess> ssh, Path wrapperDirectory) implements Deployer {

        static DockerStackDeploy local() {
            return new DockerStackDeploy(Optional.empty(), null);
        }

        static DockerStackDeploy overSsh(SshAccess access, Path wrapperDirectory) {
            try {
                Files.createDirectories(wrapperDirectory);
                Path wrapper = wrapperDirectory.resolve("ssh");
                Files.writeString(wrapper, "#!/bin/sh\n"
                        + "# docker -H ssh://... runs `ssh`; this one adds the sandbox's key and known_hosts.\n"
                        + "exec " + realSsh() + " -i '" + access.key() + "' -o IdentitiesOnly=yes -o BatchMode=yes"
                        + " -o StrictHostKeyChecking=yes -o UserKnownHostsFile='" + access.knownHosts() + "' \"$@\"\n");
                wrapper.toFile().setExecutable(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new DockerStackDeploy(Optional.of(access), wrapperDirectory);
        }

        private static String realSsh() {
            for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path candidate = Path.of(directory, "ssh");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
            throw new IllegalStateException("no ssh client on the PATH (docker over ssh:// needs OpenSSH's ssh)");
        }

        @Override
        public String name() {
            return ssh.isPresent() ? "docker-ssh" : "docker";
        }

        @Override
        public String description() {
            return (ssh.map(a -> "DOCKER_HOST=" + a.uri() + " ").orElse(""))
                    + "docker stack deploy --detach=false -c FILE STACK (pipeline's name variables exported)";
        }

        @Override
        public boolean isOurs() {
            return false;
        }

        @Override
        public boolean overSsh() {
            return ssh.isPresent();
        }

        @Override
        public Attempt deploy(PreparedStack stack, Path log) {
            Map<String, String> environment = new HashMap<>(stack.variables());
            environment.putAll(stack.pipelineVariables());
            ssh.ifPresent(access -> {
                environment.put("DOCKER_HOST", access.uri());
                environment.put("PATH", wrapperDirectory + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            });
            Command command = Command.of(List.of("docker", "stack", "deploy", "--detach=false",
                    "-c", stack.composeFile().toString(), stack.stack()), environment, stack.directory());
            return new Attempt(command.runMeasured(log, TIMEOUT), OptionalLong.empty());
        }
    }

    /**
     * Our api entry point ({@code StackDeployment}) from a small Java main ({@code DeployMain}) in a fresh JVM
     * with the project's classpath, default options (wait for the rollout, resolve images always). It gets no
     * pipeline variables: for {@code name: ${VAR}} with VAR unset it derives the very same names itself.
     */
    record OursJava(String java, String classpath, Optional<SshAccess> ssh, Optional<String> dependsOn)
            implements Deployer {

        @Override
        public String name() {
            return Deployer.withMode(ssh.isPresent() ? "ours-ssh" : "ours", dependsOn);
        }

        @Override
        public String description() {
            return "java -cp ... " + DeployTiming.MAIN_CLASS + " (StackDeployment.deploy()"
                    + ssh.map(a -> " over " + a.uri()).orElse(" on the local socket")
                    + dependsOn.map(mode -> ", depends_on " + mode).orElse("") + ")";
        }

        @Override
        public boolean isOurs() {
            return true;
        }

        @Override
        public boolean overSsh() {
            return ssh.isPresent();
        }

        @Override
        public Attempt deploy(PreparedStack stack, Path log) {
            Path timing = log.resolveSibling(log.getFileName() + ".timing");
            List<String> argv = new java.util.ArrayList<>(List.of(java, "-cp", classpath, DeployTiming.MAIN_CLASS,
                    "--stack", stack.stack(), "--compose", stack.composeFile().toString(), "--timing", timing.toString()));
            ssh.ifPresent(access -> argv.addAll(List.of("--host", access.uri(), "--ssh-key", access.key().toString(),
                    "--known-hosts", access.knownHosts().toString())));
            dependsOn.ifPresent(mode -> argv.addAll(List.of("--depends-on", mode)));
            Command.Result result = Command.of(argv, stack.variables(), stack.directory()).runMeasured(log,
                    TIMEOUT);
            return new Attempt(result, result.succeeded() ? DeployTiming.readDeployMillis(timing) : OptionalLong.empty());
        }
    }

    /**
     * {@code mvn -B swarm:deploy -Dswarm.stack=STACK -Dswarm.composeFiles=FILE} in a directory whose pom.xml
     * declares the plugin, as a project using it would; the plugin comes from the benchmark's own local
     * repository (bench/run installs it there, never into ~/.m2).
     */
    record OursMaven(String pluginVersion, Path localRepository, Path settings, Optional<String> dependsOn,
                     Optional<Path> jvmConfig, Optional<Path> classDataArchive) implements Deployer {

        /** The Maven JVM's options a project of examples/ carries ({@code .mvn/jvm.config}): variant ours-mvn-c1. */
        static final String EXAMPLE_JVM_CONFIG = "examples/gitlab-ci/deploy-manifests/.mvn/jvm.config";

        /** What the example pipeline adds to the archive's option: the JVM says nothing about the archive. */
        private static final String CDS_QUIET = " -Xlog:cds=off,cds+dynamic=off";

        @Override
        public String name() {
            return Deployer.withMode(classDataArchive.isPresent() ? "ours-mvn-cds"
                    : jvmConfig.isPresent() ? "ours-mvn-c1" : "ours-mvn", dependsOn);
        }

        @Override
        public String description() {
            return "mvn -B swarm:deploy -Dswarm.stack=STACK -Dswarm.composeFiles=FILE"
                    + dependsOn.map(mode -> " -Dswarm.dependsOn=" + mode).orElse("") + " (local socket)"
                    + jvmConfig.map(file -> ", the project's .mvn/jvm.config as " + EXAMPLE_JVM_CONFIG + " ("
                    + readJvmConfig(file) + ")").orElse("")
                    + classDataArchive.map(file -> ", and the class-data archive examples/gitlab-ci/deploy-manifests"
                    + "/.gitlab-ci.yml keeps in its cache (-XX:SharedArchiveFile; written once before the first"
                    + " measurement by a dry run with -XX:ArchiveClassesAtExit, as the pipeline's first job writes it)")
                    .orElse("");
        }

        private static String readJvmConfig(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean isOurs() {
            return true;
        }

        @Override
        public boolean overSsh() {
            return false;
        }

        @Override
        public Attempt deploy(PreparedStack stack, Path log) {
            writePom(stack.directory(), stack.stack());
            List<String> arguments = deployArguments(stack);
            dependsOn.ifPresent(mode -> arguments.add("-Dswarm.dependsOn=" + mode));
            Path classes = log.resolveSibling(log.getFileName() + ".classes");
            Map<String, String> environment = new HashMap<>(stack.variables());
            String options = mavenOpts();
            if (classDataArchive.isPresent()) {
                options += " -XX:SharedArchiveFile=" + writeArchiveOnce(stack, log) + CDS_QUIET;
            }
            environment.put("MAVEN_OPTS", (options + " -Xlog:class+load=info:file=" + classes).strip());
            Command.Result result = maven(stack.directory(), environment, arguments).runMeasured(log, TIMEOUT);
            return new Attempt(result, OptionalLong.empty(),
                    MavenTiming.read(log, result.startedAt(), result.endedAt(), classes));
        }

        /**
         * The class-data archive, written first if it is not there: by a dry run of this stack (Maven, the plugin, the
         * file's parsing, the conversion and the engine's reads), so that no measured run pays for writing it.
         */
        private Path writeArchiveOnce(PreparedStack stack, Path log) {
            Path archive = classDataArchive.orElseThrow();
            if (Files.isRegularFile(archive)) {
                return archive;
            }
            try {
                Files.createDirectories(archive.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> environment = new HashMap<>(stack.variables());
            environment.put("MAVEN_OPTS", (mavenOpts() + " -XX:ArchiveClassesAtExit=" + archive + CDS_QUIET).strip());
            List<String> arguments = deployArguments(stack);
            arguments.add("-Dswarm.dryRun=true");
            Command.Result result = maven(stack.directory(), environment, arguments)
                    .runMeasured(log.resolveSibling(log.getFileName() + ".cds.log"), TIMEOUT);
            if (!result.succeeded() || !Files.isRegularFile(archive)) {
                throw new IllegalStateException("writing the class-data archive " + archive + " failed ("
                        + result.describeExit() + "): " + result.tail(5));
            }
            return archive;
        }

        /** {@code swarm:deploy} of the stack's file, as a project runs it; callers add their properties. */
        private static List<String> deployArguments(PreparedStack stack) {
            return new java.util.ArrayList<>(List.of("swarm:deploy", "-Dswarm.stack=" + stack.stack(),
                    "-Dswarm.composeFiles=" + stack.composeFile().getFileName()));
        }

        /** The MAVEN_OPTS the benchmark was started with, which the options of a variant follow. */
        private static String mavenOpts() {
            return System.getenv().getOrDefault("MAVEN_OPTS", "");
        }

        /** {@code mvn swarm:help} in the same kind of project: what starting Maven and the plugin costs. */
        Command.Result help(Path directory, Path log) {
            writePom(directory, "help");
            return maven(directory, Map.of(), List.of("swarm:help")).runMeasured(log, Duration.ofMinutes(5));
        }

        /** Maven with the benchmark's repository and settings, every log line timestamped ({@link MavenTiming}). */
        private Command maven(Path directory, Map<String, String> environment, List<String> goalAndProperties) {
            List<String> argv = new java.util.ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(),
                    "-Dmaven.repo.local=" + localRepository));
            argv.addAll(MavenTiming.LOG_TIMESTAMPS);
            argv.addAll(goalAndProperties);
            return Command.of(argv, environment, directory);
        }

        private void writePom(Path directory, String artifactId) {
            String pom = """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>io.github.swarmdeploy.bench</groupId>
                      <artifactId>%s</artifactId>
                      <version>1</version>
                      <packaging>pom</packaging>
                      <build>
                        <plugins>
                          <plugin>
                            <groupId>io.github.swarmdeploy</groupId>
                            <artifactId>swarm-maven-plugin</artifactId>
                            <version>%s</version>
                          </plugin>
                        </plugins>
                      </build>
                    </project>
                    """.formatted(artifactId, pluginVersion);
            try {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("pom.xml"), pom);
                Path projectJvmConfig = directory.resolve(".mvn/jvm.config");
                if (jvmConfig.isPresent()) {
                    Files.createDirectories(projectJvmConfig.getParent());
                    Files.copy(jvmConfig.get(), projectJvmConfig, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(projectJvmConfig);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
