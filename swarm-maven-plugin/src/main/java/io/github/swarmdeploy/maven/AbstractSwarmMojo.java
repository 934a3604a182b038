package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.compose.ComposeFiles;
import io.github.swarmdeploy.core.compose.DurationText;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.LockOptions;
import io.github.swarmdeploy.core.engine.EngineConfigurationException;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.SshSettings;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.image.RegistryAuthLookup;
import io.github.swarmdeploy.core.image.RegistryCredentials;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What every swarm goal shares: the skip switches, where the stack's files are, which engine to talk
 * to, and the translation of core failures into Maven's two kinds of failure.
 */
public abstract class AbstractSwarmMojo extends AbstractMojo {

    /** Skips every swarm goal. */
    @Parameter(property = "swarm.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The environment to work on (e.g. {@code dev}, {@code prod}): selects
     * {@code docker-compose.<env>.yaml} (or {@code compose.<env>.yaml}) in {@link #dir}, merged over a
     * base {@code docker-compose.yaml}/{@code compose.yaml} when one exists. {@code -Denv=prod} works too; a value
     * that comes from a pom property rather than the command line is named in the log.
     */
    @Parameter(property = ENV_PROPERTY, defaultValue = "${" + ENV_ALIAS + "}")
    protected String env;

    /** The property that names the environment, and its short alias. */
    static final String ENV_PROPERTY = "swarm.env";
    static final String ENV_ALIAS = "env";

    /** Directory holding the compose files; default: the project's base directory, or the current one. */
    @Parameter(property = "swarm.dir")
    protected File dir;

    /** Explicit compose files, merged in order; wins over the {@code env} convention. */
    @Parameter(property = "swarm.composeFiles")
    protected List<File> composeFiles;

    /** Extra variable files for interpolation, later ones winning; the process environment wins over all. */
    @Parameter(property = "swarm.envFiles")
    protected List<File> envFiles;

    /** Stack name; default {@code <project>_<env>}. */
    @Parameter(property = "swarm.stack")
    protected String stack;

    /** Project part of the default stack name; default the artifactId, or without a pom the directory name. */
    @Parameter(property = "swarm.project")
    protected String projectName;

    /**
     * The engine: {@code unix:///var/run/docker.sock}, {@code tcp://host:2376} or
     * {@code ssh://user@host[:port]}; default {@code DOCKER_HOST}, else the local socket.
     */
    @Parameter(property = "swarm.host")
    protected String host;

    /** TLS towards a tcp:// engine; default {@code DOCKER_TLS_VERIFY}, or true when a certificate parameter is set. */
    @Parameter(property = "swarm.tls.verify")
    protected Boolean tlsVerify;

    /** Directory with ca.pem, cert.pem, key.pem; default {@code DOCKER_CERT_PATH}, else ~/.docker. */
    @Parameter(property = "swarm.tls.certPath")
    protected File tlsCertPath;

    /** CA certificate the engine's certificate must be signed by; default {@code <certPath>/ca.pem}. */
    @Parameter(property = "swarm.tls.caCert")
    protected File tlsCaCert;

    /** Client certificate; default {@code <certPath>/cert.pem}. */
    @Parameter(property = "swarm.tls.cert")
    protected File tlsCert;

    /** Client key; default {@code <certPath>/key.pem}. */
    @Parameter(property = "swarm.tls.key")
    protected File tlsKey;

    /** Private key file for an ssh:// host (OpenSSH or PEM; ed25519, ecdsa, rsa); wins over {@link #sshKeyEnv}. */
    @Parameter(property = "swarm.ssh.keyFile")
    protected File sshKeyFile;

    /** Environment variable holding the private key's content (CRs stripped); else ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
    @Parameter(property = "swarm.ssh.keyEnv", defaultValue = SshSettings.DEFAULT_KEY_ENV)
    protected String sshKeyEnv;

    /** Passphrase of an encrypted private key. Prefer {@link #sshServerId}: settings.xml can encrypt it. */
    @Parameter(property = "swarm.ssh.passphrase")
    protected String sshPassphrase;

    /**
     * Id of a settings.xml {@code <server>} whose {@code <passphrase>} (decrypted) unlocks the key and whose
     * {@code <privateKey>} is the key file when {@link #sshKeyFile} is not set.
     */
    @Parameter(property = "swarm.ssh.serverId")
    protected String sshServerId;

    /** known_hosts file the host key must be listed in (hashed and [host]:port entries work); default ~/.ssh/known_hosts. Lines in the environment variable SSH_KNOWN_HOSTS count too. */
    @Parameter(property = "swarm.ssh.knownHosts")
    protected File sshKnownHosts;

    /** Pinned host key fingerprint(s), {@code SHA256:...} as ssh-keygen -lf prints them; when set, known_hosts is not consulted. */
    @Parameter(property = "swarm.ssh.hostKeyFingerprint")
    protected String sshHostKeyFingerprint;

    /** Only {@code false} switches host key verification off (with a warning). Default true. */
    @Parameter(property = "swarm.ssh.strictHostKeyChecking")
    protected Boolean sshStrictHostKeyChecking;

    /**
     * How long to wait while another deploy or prune of the same stack holds its lock; then the goal fails
     * naming the holder.
     */
    @Parameter(property = "swarm.lock.wait", defaultValue = "5m")
    protected String lockWait;

    /** Age after which a stack lock is stale whatever its holder does (a hung deploy). */
    @Parameter(property = "swarm.lock.ttl", defaultValue = "30m")
    protected String lockTtl;

    /**
     * How long this run's stack lock stays valid without a heartbeat (it is refreshed every sixth of this). A run
     * that dies or loses its connection leaves a lock that the next run takes over this long after the last
     * heartbeat, without anyone removing it by hand. At least 1s.
     */
    @Parameter(property = "swarm.lock.lease", defaultValue = "30s")
    protected String lockLease;

    @Component
    private SettingsDecrypter engineSettingsDecrypter;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    /** The per-goal skip switch ({@code swarm.<goal>.skip}); goals without one return false. */
    protected boolean isGoalSkipped() {
        return false;
    }

    /** The goal's work; skip handling and failure translation are done by {@link #execute()}. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /**
     * What this goal needs in a module's directory, when it works on files there: in a multi-module build an
     * inherited execution runs only in the modules that have them. Empty when the goal runs in every module.
     */
    protected Optional<String> missingInThisModule() {
        return Optional.empty();
    }

    /** For stack goals: why this module has no stack, when it has no compose file and none is named. */
    protected Optional<String> missingComposeFiles() {
        if ((composeFiles != null && !composeFiles.isEmpty()) || ComposeFiles.anyIn(stackDirectory().toPath())) {
            return Optional.empty();
        }
        return Optional.of("no compose file in " + stackDirectory());
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || isGoalSkipped()) {
            getLog().info("Skipping swarm:" + goalName() + ": "
                    + (skip ? "swarm.skip" : "swarm." + goalName() + ".skip") + " is set");
            return;
        }
        if (isModuleOfMultiModuleBuild()) {
            Optional<String> missing = missingInThisModule();
            if (missing.isPresent()) {
                getLog().info("Skipping swarm:" + goalName() + " in module " + project.getArtifactId() + ": "
                        + missing.get() + " (in a multi-module build it runs in the modules that have them)");
                return;
            }
        }
        quietTransportRetries();
        try {
            run();
        } catch (InfrastructureException e) {
            throw withDetails(new MojoExecutionException(e.getMessage()), e);
        } catch (SwarmDeployException e) {
            throw withDetails(new MojoFailureException(e.getMessage()), e);
        }
    }

    /**
     * The HTTP client under docker-java logs a retried request at INFO ("Recoverable I/O exception
     * (org.apache.hc.core5.http.NoHttpResponseException) caught when processing request to {}->[unix://localhost:2375]"),
     * a line that says nothing to a user and precedes the failure that does. Maven's logger reads a logger's level
     * from system properties when the logger is created, which is when the client is first used, after this.
     */
    static void quietTransportRetries() {
        String property = "org.slf4j.simpleLogger.log.org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec";
        if (System.getProperty(property) == null) {
            System.setProperty(property, "warn");
        }
    }

    /**
     * The core's message is the whole story: Maven prints a Mojo exception's message followed by the message of
     * every cause it does not already contain (a transport's {@code NoHttpResponseException: localhost:2375
     * failed to respond} after "add the user to the docker group"). The core exception is kept as a suppressed
     * one, so {@code -e} still shows where it came from.
     */
    private static <T extends Exception> T withDetails(T mojoException, SwarmDeployException cause) {
        mojoException.addSuppressed(cause);
        return mojoException;
    }

    /** The goal's name as a user types it after {@code swarm:}. */
    protected String goalName() {
        String simple = getClass().getSimpleName();
        return simple.substring(0, simple.length() - "Mojo".length()).toLowerCase(Locale.ROOT);
    }

    /** Core events to this goal's log. */
    protected EventListener events() {
        return new MavenLogEvents(getLog());
    }

    /** True when this project is one of several in the build (an inherited execution runs in each). */
    protected boolean isModuleOfMultiModuleBuild() {
        return hasProjectFile() && session != null && session.getProjects() != null && session.getProjects().size() > 1;
    }

    /**
     * The environment ({@code swarm.env}, alias {@code env}), stripped; null when none is given. The first call says
     * so in the log when the value comes from a pom property: a pom may set {@code env} for other purposes.
     */
    protected String environmentName() {
        if (env == null || env.isBlank()) {
            return null;
        }
        String value = env.strip();
        if (!environmentSourceLogged) {
            environmentSourceLogged = true;
            pomPropertyNaming(env).ifPresent(property -> getLog().info("Environment '" + value + "' from the pom "
                    + "property '" + property + "' (-D" + ENV_PROPERTY + "=<env> on the command line chooses another)"));
        }
        return value;
    }

    private boolean environmentSourceLogged;

    /** The pom property {@code swarm.env} or {@code env} that gave this value, when the command line did not. */
    private Optional<String> pomPropertyNaming(String value) {
        if (project == null || session == null) {
            return Optional.empty();
        }
        for (String property : List.of(ENV_PROPERTY, ENV_ALIAS)) {
            if (session.getUserProperties().getProperty(property) != null
                    || session.getSystemProperties().getProperty(property) != null) {
                return Optional.empty();
            }
        }
        for (String property : List.of(ENV_PROPERTY, ENV_ALIAS)) {
            if (value.equals(project.getProperties().getProperty(property))) {
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }

    /** False when Maven runs without a pom (goals with requiresProject = false, called from any directory). */
    protected boolean hasProjectFile() {
        return project != null && project.getFile() != null;
    }

    /** {@link #dir}, else the project's base directory, else the directory Maven was started in. */
    protected File stackDirectory() {
        if (dir != null) {
            return dir;
        }
        if (hasProjectFile()) {
            return project.getBasedir();
        }
        return new File(session.getExecutionRootDirectory());
    }

    /** The process environment of this Maven run. */
    protected Map<String, String> environment() {
        return new HashMap<>(System.getenv());
    }

    /**
     * The stack to work on: {@code swarm.stack}, else {@code <project>_<env>} where project is
     * {@code swarm.project}, else the artifactId, else (without a pom) the directory's name.
     *
     * @throws MojoFailureException when neither {@code swarm.stack} nor {@code env} is given
     */
    protected String stackName() throws MojoFailureException {
        if (stack != null && !stack.isBlank()) {
            return stack.strip();
        }
        String environment = environmentName();
        if (environment == null) {
            throw new MojoFailureException("swarm:" + goalName() + " needs a stack: give -Denv=<env> (stack "
                    + "<project>_<env>) or -Dswarm.stack=<name>");
        }
        String projectPart = projectName != null && !projectName.isBlank() ? projectName.strip()
                : hasProjectFile() ? project.getArtifactId()
                : stackDirectory().getAbsoluteFile().toPath().normalize().getFileName().toString();
        return ComposeFiles.defaultStackName(projectPart, environment);
    }

    /**
     * A loader for this stack's compose files: {@code swarm.composeFiles} when given, else the {@code env}
     * convention in {@link #stackDirectory()}; variables from the environment and {@code swarm.envFiles}.
     */
    protected StackLoader stackLoader() {
        StackLoader loader;
        if (composeFiles != null && !composeFiles.isEmpty()) {
            Path base = stackDirectory().toPath();
            List<Path> files = new ArrayList<>();
            for (File file : composeFiles) {
                files.add(file.isAbsolute() ? file.toPath() : base.resolve(file.toPath()));
            }
            loader = StackLoader.forFiles(files);
        } else {
            loader = StackLoader.forEnvironment(stackDirectory().toPath(), environmentName());
        }
        List<Path> variableFiles = new ArrayList<>();
        if (envFiles != null) {
            Path base = stackDirectory().toPath();
            envFiles.forEach(file -> variableFiles.add(file.isAbsolute() ? file.toPath() : base.resolve(file.toPath())));
        }
        return loader.environment(environment()).envFiles(variableFiles).events(events())
                .displayPathsRelativeTo(stackDirectory().toPath());
    }

    /**
     * The engine named by {@code swarm.host}, else by the environment, with the {@code swarm.tls.*} and
     * {@code swarm.ssh.*} parameters.
     */
    protected EngineSettings engineSettings() {
        Map<String, String> environment = environment();
        SshSettings.Builder ssh = SshSettings.builder(environment)
                .keyFile(sshKeyFile == null ? null : sshKeyFile.toPath())
                .keyEnv(sshKeyEnv)
                .passphrase(sshPassphrase)
                .knownHosts(sshKnownHosts == null ? null : sshKnownHosts.toPath())
                .hostKeyFingerprint(sshHostKeyFingerprint)
                .strictHostKeyChecking(sshStrictHostKeyChecking);
        if (sshServerId != null && !sshServerId.isBlank()) {
            Server server = decryptedServer(sshServerId.strip(), "swarm.ssh.serverId");
            if (sshPassphrase == null || sshPassphrase.isBlank()) {
                ssh.passphrase(server.getPassphrase());
            }
            if (sshKeyFile == null && server.getPrivateKey() != null && !server.getPrivateKey().isBlank()) {
                ssh.keyFile(server.getPrivateKey());
            }
        }
        EngineSettings settings = EngineSettings.forHost(host, environment).withSsh(ssh.build());
        return settings.withTls(settings.tls().with(tlsVerify, path(tlsCertPath), path(tlsCaCert), path(tlsCert),
                path(tlsKey)));
    }

    /**
     * THE way a goal opens its engine (unix, tcp with TLS, ssh): one connection for the goal, closed by the
     * caller; SSH warnings go to the build log.
     */
    protected EngineConnection openEngine() {
        return EngineConnection.open(engineSettings(), events());
    }

    /**
     * How this goal takes the stack's lock: {@code swarm.lock.wait}, {@code swarm.lock.ttl},
     * {@code swarm.lock.lease}, held by {@link #lockHolder()}.
     */
    protected LockOptions lockOptions() throws MojoFailureException {
        Duration lease = duration("swarm.lock.lease", lockLease);
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new MojoFailureException("swarm.lock.lease: '" + lockLease + "' is too short; give at least 1s");
        }
        return new LockOptions(duration("swarm.lock.wait", lockWait), duration("swarm.lock.ttl", lockTtl), lease,
                lockHolder());
    }

    /** Who holds the lock, for whoever waits: user@host, process, goal, and the CI job when there is one. */
    protected String lockHolder() {
        String job = environment().get("CI_JOB_URL");
        String holder = DeployOptions.defaultHolder() + " swarm:" + goalName();
        return job == null || job.isBlank() ? holder : holder + " " + job;
    }

    /** A duration parameter in Go notation ({@code 10m}, {@code 90s}, {@code 1h30m}); failing names the parameter. */
    protected static Duration duration(String parameter, String text) throws MojoFailureException {
        Duration value = text == null ? null : DurationText.parse(text).orElse(null);
        if (value == null || value.isNegative()) {
            throw new MojoFailureException(parameter + ": '" + text + "' is not a duration; write it like 10m, 90s or 1h30m");
        }
        return value;
    }

    /** A settings.xml {@code <server>}, its secrets decrypted; failing names the parameter that asked for it. */
    protected Server decryptedServer(String id, String parameter) {
        Server server = session == null ? null : session.getSettings().getServer(id);
        if (server == null) {
            throw new EngineConfigurationException(parameter + ": there is no <server> with id '" + id
                    + "' in settings.xml");
        }
        SettingsDecryptionResult result = engineSettingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        if (!result.getProblems().isEmpty()) {
            throw new EngineConfigurationException(parameter + ": cannot decrypt <server> '" + id
                    + "' of settings.xml: " + result.getProblems().get(0).getMessage());
        }
        return result.getServer();
    }

    /** The files this plugin writes under {@code <build directory>/swarm} unless told otherwise. */
    static final String TAG_FILE = "tag";
    static final String IMAGES_FILE = "images.json";
    static final String DEPLOY_REPORT_FILE = "deploy-report.json";
    /** {@code SWARM_TAG=<tag>}, for GitLab's {@code artifacts:reports:dotenv}: later jobs get the same tag. */
    static final String DOTENV_FILE = "swarm.env";
    static final List<String> OUTPUT_FILES = List.of(TAG_FILE, IMAGES_FILE, DEPLOY_REPORT_FILE, DOTENV_FILE);

    /** {@code file} when given, else {@code <build directory>/swarm/<name>}. */
    protected Path outputFile(File file, String name) {
        if (file != null) {
            return file.toPath();
        }
        Path buildDirectory = hasProjectFile()
                ? Path.of(project.getBuild().getDirectory())
                : stackDirectory().toPath().resolve("target");
        return buildDirectory.resolve("swarm").resolve(name);
    }

    /**
     * Registry credentials: {@code username}/{@code password} when given, else the settings.xml {@code <server>}
     * named by the registry host, else CI variables, else {@code ~/.docker/config.json}.
     *
     * @param storedInSwarm the swarm keeps them for tasks started later: GitLab's deploy token
     *                      ({@code CI_DEPLOY_USER}) is preferred to the job token, which draws a warning
     */
    protected RegistryAuthLookup registryAuth(String username, String password, Map<String, String> environment,
                                              boolean storedInSwarm) {
        RegistryAuthLookup.Builder lookup = RegistryAuthLookup.builder()
                .given(username, password)
                .store(this::registryCredentialsFromSettings)
                .environment(environment)
                .events(events());
        return (storedInSwarm ? lookup.storedInSwarm() : lookup).build();
    }

    /** The settings.xml {@code <server>} whose id is the registry host, decrypted. */
    protected Optional<RegistryCredentials> registryCredentialsFromSettings(String registryHost) {
        if (session == null || session.getSettings().getServer(registryHost) == null) {
            return Optional.empty();
        }
        Server server = decryptedServer(registryHost, "registry credentials for " + registryHost);
        if (server.getUsername() == null || server.getPassword() == null) {
            getLog().warn("settings.xml server '" + registryHost + "' has no username/password; looking further");
            return Optional.empty();
        }
        return Optional.of(new RegistryCredentials(server.getUsername(), server.getPassword(),
                "settings.xml server '" + registryHost + "'"));
    }

    private static java.nio.file.Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
