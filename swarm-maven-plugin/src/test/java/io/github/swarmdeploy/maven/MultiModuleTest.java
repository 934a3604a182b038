package io.github.swarmdeploy.maven;

import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How an execution inherited by every module of a build, and the environment property, behave. */
class MultiModuleTest {

    @TempDir
    Path tmp;

    private final List<String> infoLines = new ArrayList<>();
    private final Properties commandLine = new Properties();

    private MavenProject module(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        MavenProject project = new MavenProject();
        project.setArtifactId(name);
        project.setFile(dir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(dir.resolve("target").toString());
        return project;
    }

    @SuppressWarnings("deprecation")
    private MavenSession session(MavenProject... projects) {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setUserProperties(commandLine);
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        session.setProjects(List.of(projects));
        return session;
    }

    private <T extends AbstractSwarmMojo> T in(T mojo, MavenProject project, MavenSession session) {
        mojo.project = project;
        mojo.session = session;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                infoLines.add(content.toString());
            }
        });
        return mojo;
    }

    private static void composeFile(MavenProject project, String name) throws IOException {
        Files.writeString(project.getBasedir().toPath().resolve(name), "services:\n  web:\n    image: 127.0.0.1:5000/app:1\n");
    }

    @Test
    void anInheritedStackGoalRunsInTheModuleWithComposeFilesAndIsSkippedWithANoteInTheOthers() throws Exception {
        MavenProject parent = module("parent");
        MavenProject app = module("app");
        MavenProject deploy = module("deploy");
        composeFile(deploy, "docker-compose.prod.yaml");
        MavenSession build = session(parent, app, deploy);

        for (MavenProject project : List.of(parent, app, deploy)) {
            ConfigMojo config = in(new ConfigMojo(), project, build);
            config.env = "prod";
            config.execute();
        }

        assertTrue(infoLines.contains("Skipping swarm:config in module app: no compose file in " + app.getBasedir()
                + " (in a multi-module build it runs in the modules that have them)"), infoLines::toString);
        assertTrue(infoLines.stream().anyMatch(line -> line.startsWith("Skipping swarm:config in module parent")), infoLines::toString);
        assertTrue(infoLines.contains("    image: 127.0.0.1:5000/app:1"), () -> "module deploy printed its stack: " + infoLines);
        DeployMojo deployGoal = in(new DeployMojo(), app, build);
        deployGoal.env = "prod";
        deployGoal.execute();
        assertTrue(infoLines.stream().anyMatch(line -> line.startsWith("Skipping swarm:deploy in module app: no compose file")));
    }

    @Test
    void aPushIsSkippedInAModuleWithoutDockerfilesAndTagRunsEverywhere() throws Exception {
        MavenProject app = module("app");
        MavenSession build = session(module("root"), app);

        PushMojo push = in(new PushMojo(), app, build);
        push.services = List.of("backend");
        push.execute();
        TagMojo tag = in(new TagMojo(), app, build);
        tag.tag = "20240726_abcdef12";
        tag.execute();

        assertTrue(infoLines.contains("Skipping swarm:push in module app: no Dockerfile in " + app.getBasedir()
                + " or its service directories (in a multi-module build it runs in the modules that have them)"), infoLines::toString);
        assertEquals("SWARM_TAG=20240726_abcdef12\n", Files.readString(app.getBasedir().toPath().resolve("target/swarm/swarm.env")));
    }

    @Test
    void aSingleProjectWithoutComposeFilesStillFailsNamingWhatIsMissing() throws Exception {
        MavenProject app = module("app");
        ConfigMojo config = in(new ConfigMojo(), app, session(app));
        config.env = "prod";

        MojoFailureException e = assertThrows(MojoFailureException.class, config::execute);

        assertTrue(e.getMessage().contains("no compose file for environment 'prod'"), e.getMessage());
    }

    @Test
    void anEnvironmentFromAPomPropertyIsNamedOnceAndOneFromTheCommandLineIsNot() throws Exception {
        MavenProject app = module("app");
        composeFile(app, "compose.prod.yaml");
        app.getProperties().setProperty("env", "prod");
        ConfigMojo config = in(new ConfigMojo(), app, session(app));
        config.env = "prod";

        config.execute();

        assertEquals(1, infoLines.stream().filter(line -> line.equals("Environment 'prod' from the pom property 'env'"
                + " (-Dswarm.env=<env> on the command line chooses another)")).count(), infoLines::toString);
        assertEquals("app_prod", config.stackSelection().stackName());

        infoLines.clear();
        commandLine.setProperty("env", "prod");
        ConfigMojo fromCommandLine = in(new ConfigMojo(), app, session(app));
        fromCommandLine.env = "prod";
        fromCommandLine.execute();
        assertTrue(infoLines.stream().noneMatch(line -> line.startsWith("Environment ")), infoLines::toString);
    }
}
