package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.InfrastructureException;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.EngineConfigurationException;
import io.github.swarmdeploy.core.event.EventListener;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What every swarm goal shares: the skip switches, the directory it works in, its output files, settings.xml
 * servers, and the translation of core failures into Maven's two kinds of failure. Parameters only some goals use
 * live with them: {@link AbstractEngineMojo} (the engine), {@link AbstractStackMojo} (the stack on the swarm),
 * {@link StackSelection} and {@link ImageTagging} (what several goals declare each for itself).
 */
public abstract class AbstractSwarmMojo extends AbstractMojo {

    /** Skips every swarm goal. */
    @Parameter(property = "swarm.skip", defaultValue = "false")
    protected boolean skip;

    /** Directory of the stack's files, the git repository and the Dockerfiles; default: the project's base directory, or the current one. */
    @Parameter(property = "swarm.dir")
    protected File dir;

    @Component
    private SettingsDecrypter settingsDecrypter;

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
        refuseRemovedSecretParameters();
        quietTransportLogging();
        try {
            run();
        } catch (InfrastructureException e) {
            throw withDetails(new MojoExecutionException(MavenParameters.failure(e, goalName())), e);
        } catch (SwarmDeployException e) {
            throw withDetails(new MojoFailureException(MavenParameters.failure(e, goalName())), e);
        }
    }

    /** This plugin, as a pom names it. */
    static final String PLUGIN_KEY = "io.github.swarmdeploy:swarm-maven-plugin";

    /**
     * Parameters that held secrets, by field name, with the property that now gives the secret: they are gone because
     * Maven prints every parameter's value at -X.
     */
    private static final Map<String, String> REMOVED_SECRET_PARAMETERS = Map.of(
            "sshPassphrase", "swarm.ssh.passphrase",
            "registryPassword", "swarm.registry.password",
            "gitlabToken", "swarm.gitlab.token");

    /** A pom that still sets a removed secret parameter would silently lose the secret: it fails, saying what to use. */
    private void refuseRemovedSecretParameters() throws MojoFailureException {
        Plugin plugin = project == null ? null : project.getPlugin(PLUGIN_KEY);
        if (plugin == null) {
            return;
        }
        List<Object> configurations = new ArrayList<>();
        configurations.add(plugin.getConfiguration());
        plugin.getExecutions().forEach(execution -> configurations.add(execution.getConfiguration()));
        for (Object configuration : configurations) {
            String xml = String.valueOf(configuration);
            for (Map.Entry<String, String> removed : REMOVED_SECRET_PARAMETERS.entrySet()) {
                String name = removed.getKey();
                if (xml.contains("<" + name + ">") || xml.contains("<" + name + " ")) {
                    String property = removed.getValue();
                    throw new MojoFailureException("<" + name + "> in the configuration of " + PLUGIN_KEY + " in "
                            + project.getFile() + " is not read: a secret is never a parameter, since Maven prints "
                            + "parameters' values at -X. Remove it and give the value with -D" + property + "=…, "
                            + property + "File=<file> or " + property + "Env=<variable>");
                }
            }
        }
    }

    /**
     * What the HTTP client under docker-java logs, which Maven's logger shows: a retried request at INFO
     * ("Recoverable I/O exception (org.apache.hc.core5.http.NoHttpResponseException) caught when processing request to
     * {}->[unix://localhost:2375]"), a line that says nothing to a user and precedes the failure that does; and at -X
     * every request's headers and bytes, among them X-Registry-Auth and X-Registry-Config, which carry registry
     * passwords. Those loggers stay quiet unless a system property names their level. Maven's logger reads a logger's
     * level from system properties when the logger is created, which is when the client is first used, after this.
     */
    static void quietTransportLogging() {
        quiet("org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec", "warn");
        quiet("org.apache.hc.client5.http.headers", "info");
        quiet("org.apache.hc.client5.http.wire", "info");
    }

    private static void quiet(String logger, String level) {
        String property = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(property) == null) {
            System.setProperty(property, level);
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

    /** True when Maven runs offline ({@code -o}): nothing but the engine may be reached. */
    protected boolean isOffline() {
        return session != null && session.isOffline();
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

    /** A settings.xml {@code <server>}, its secrets decrypted; failing names the parameter that asked for it. */
    protected Server decryptedServer(String id, String parameter) {
        Server server = session == null ? null : session.getSettings().getServer(id);
        if (server == null) {
            throw new EngineConfigurationException(parameter + ": there is no <server> with id '" + id
                    + "' in settings.xml");
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
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
}
