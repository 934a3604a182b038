package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.engine.EngineConfigurationException;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a goal finds a secret when it runs, since none is a parameter. */
class SecretTest {

    @TempDir
    Path tmp;

    private final Properties commandLine = new Properties();
    private final Map<String, String> environment = new HashMap<>();
    private final MavenProject project = new MavenProject();
    private final List<String> warnings = new ArrayList<>();

    /** A goal of this run: -D properties, environment and pom as the test sets them. */
    @SuppressWarnings("deprecation")
    private PruneMojo goal() {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setUserProperties(commandLine);
        PruneMojo goal = new PruneMojo() {
            @Override
            protected Map<String, String> environment() {
                return new HashMap<>(environment);
            }
        };
        goal.session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        goal.project = project;
        goal.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        return goal;
    }

    @Test
    void aCommandLinePropertyWinsOverTheFileAndTheVariable() throws Exception {
        commandLine.setProperty("swarm.registry.password", "from-command-line");
        environment.put("REGISTRY_PASSWORD", "from-variable");
        File file = Files.writeString(tmp.resolve("password"), "from-file\n").toFile();

        Secret secret = Secret.find(goal(), "swarm.registry.password", file, "REGISTRY_PASSWORD").orElseThrow();

        assertEquals("from-command-line", secret.value());
        assertEquals("-Dswarm.registry.password", secret.source());
        assertFalse(secret.toString().contains("from-command-line"), secret::toString);
    }

    @Test
    void aFileLosesOneTrailingLineBreakAndWinsOverTheVariable() throws Exception {
        environment.put("REGISTRY_PASSWORD", "from-variable");
        File file = Files.writeString(tmp.resolve("password"), "from file \r\n").toFile();

        Secret secret = Secret.find(goal(), "swarm.registry.password", file, "REGISTRY_PASSWORD").orElseThrow();

        assertEquals("from file ", secret.value());
        assertEquals("swarm.registry.passwordFile " + file, secret.source());
    }

    @Test
    void theVariableANameParameterNamesIsReadAndAnEmptyOneIsNone() {
        environment.put("REGISTRY_PASSWORD", "from-variable");
        environment.put("EMPTY", "");

        assertEquals("$REGISTRY_PASSWORD", Secret.find(goal(), "swarm.registry.password", null, "REGISTRY_PASSWORD")
                .orElseThrow().source());
        assertTrue(Secret.find(goal(), "swarm.registry.password", null, "EMPTY").isEmpty());
        assertTrue(Secret.find(goal(), "swarm.registry.password", null, null).isEmpty());
    }

    @Test
    void aMissingFileIsAnErrorNamingTheParameterAndNotTheContent() {
        File missing = tmp.resolve("nowhere").toFile();

        EngineConfigurationException e = assertThrows(EngineConfigurationException.class,
                () -> Secret.find(goal(), "swarm.gitlab.token", missing, null));

        assertEquals("swarm.gitlab.tokenFile: cannot read " + missing + " (no such file)", e.getMessage());
    }

    @Test
    void aSecretInThePomsPropertiesIsNotReadAndIsWarnedAbout() {
        project.getProperties().setProperty("swarm.ssh.passphrase", "in-the-pom");

        assertTrue(Secret.find(goal(), "swarm.ssh.passphrase", null, "SSH_PASSPHRASE").isEmpty());
        assertEquals(List.of("The pom property swarm.ssh.passphrase is not read: a secret in a pom is in the repository "
                + "for everyone to read. Give it with -Dswarm.ssh.passphrase, swarm.ssh.passphraseFile or the variable "
                + "swarm.ssh.passphraseEnv names"), warnings);
        assertFalse(warnings.get(0).contains("in-the-pom"));
    }

    @Test
    void aPomThatStillSetsARemovedSecretParameterFailsBeforeAnythingRuns() throws Exception {
        Model pom = new MavenXpp3Reader().read(new StringReader("""
                <project><modelVersion>4.0.0</modelVersion><build><plugins><plugin>
                  <groupId>io.github.swarmdeploy</groupId><artifactId>swarm-maven-plugin</artifactId>
                  <configuration><registryPassword>s3cret</registryPassword></configuration>
                </plugin></plugins></build></project>
                """));
        PruneMojo prune = goal();
        prune.project = new MavenProject(pom);
        prune.project.setFile(tmp.resolve("pom.xml").toFile());

        MojoFailureException e = assertThrows(MojoFailureException.class, prune::execute);

        assertEquals("<registryPassword> in the configuration of io.github.swarmdeploy:swarm-maven-plugin in "
                + tmp.resolve("pom.xml") + " is not read: a secret is never a parameter, since Maven prints parameters' "
                + "values at -X. Remove it and give the value with -Dswarm.registry.password=…, "
                + "swarm.registry.passwordFile=<file> or swarm.registry.passwordEnv=<variable>", e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }
}
