package io.github.swarmdeploy.it;

import com.github.dockerjava.api.exception.NotFoundException;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code swarm.host=ssh://…} and {@code swarm.ssh.*} parameters in real Maven builds against the sandbox's
 * OpenSSH server: a goal that talks to the engine (swarm:prune) does its work over SSH; SSH problems fail the
 * build as execution errors (MojoExecutionException) with the message to act on; settings.xml supplies the
 * key's passphrase, encrypted with Maven's master password.
 */
class SshGoalIT {

    @RegisterExtension
    static final SandboxSwarm sandbox = SandboxSwarm.engine();

    private static SandboxSwarm.Ssh ssh;

    private final List<String> configs = new ArrayList<>();

    @BeforeAll
    static void requireSsh() {
        ssh = SandboxSwarm.requireSsh();
    }

    @AfterEach
    void removeConfigs() {
        for (String id : configs) {
            try {
                sandbox.docker().removeConfigCmd(id).exec();
            } catch (NotFoundException gone) {
                // removed by the goal under test
            }
        }
    }

    @Test
    void goalWorksOverSshWithKeyFileAndKnownHosts() {
        String stack = SandboxSwarm.uniqueStack("ssh-goal");
        String old = managedConfig(stack, "settings");

        MavenBuild.Result prune = overSsh(stack)
                .property("swarm.ssh.keyFile", ssh.key().toString())
                .property("swarm.ssh.knownHosts", ssh.knownHosts().toString())
                .run();

        assertTrue(prune.succeeded(), prune::toString);
        assertTrue(prune.log().contains("- removed config " + old + ": "), prune::toString);
        assertEquals(new TreeSet<>(), stackConfigNames(stack));
    }

    @Test
    void unknownHostFailsTheBuildAsAnExecutionErrorAndChangesNothing(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        String stack = SandboxSwarm.uniqueStack("ssh-goal");
        String old = managedConfig(stack, "settings");
        Path emptyKnownHosts = Files.createFile(dir.resolve("known_hosts"));

        MavenBuild.Result refused = overSsh(stack)
                .property("swarm.ssh.keyFile", ssh.key().toString())
                .property("swarm.ssh.knownHosts", emptyKnownHosts.toString())
                .run();

        assertFalse(refused.succeeded(), refused::toString);
        assertTrue(refused.log().contains("Host key verification failed: [" + ssh.host() + "]:" + ssh.port()
                + " is not a known host"), refused::toString);
        assertTrue(refused.log().contains(ssh.hostFingerprint()), refused::toString);
        assertTrue(refused.log().contains("MojoExecutionException"), "an infrastructure failure: " + refused);
        assertEquals(new TreeSet<>(List.of(old)), stackConfigNames(stack));
    }

    @Test
    void aUserWithoutDockerAccessIsToldToJoinTheDockerGroupInOneSentence() {
        String stack = SandboxSwarm.uniqueStack("ssh-goal");
        String old = managedConfig(stack, "settings");

        MavenBuild.Result refused = overSsh(stack)
                .property("swarm.host", "ssh://" + ssh.nodockerUser() + "@" + ssh.host() + ":" + ssh.port())
                .property("swarm.ssh.keyFile", ssh.nodockerKey().toString())
                .property("swarm.ssh.knownHosts", ssh.knownHosts().toString())
                .run();

        assertFalse(refused.succeeded(), refused::toString);
        String said = "may not use Docker: permission denied on the Docker socket";
        String errorLine = refused.log().lines().filter(line -> line.contains(said)).findFirst()
                .orElseThrow(() -> new AssertionError("no line says the user may not use Docker:\n" + refused));
        assertTrue(errorLine.endsWith("the next SSH login picks it up -> [Help 1]"),
                () -> "the sentence is followed by something else: " + errorLine);
        assertFalse(refused.log().contains("Recoverable I/O exception"), refused::toString);
        assertTrue(refused.log().contains("MojoExecutionException"), "an infrastructure failure: " + refused);
        assertEquals(new TreeSet<>(List.of(old)), stackConfigNames(stack));
    }

    @Test
    void keyFromEnvironmentWithPassphraseFromEncryptedSettingsXml(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        String stack = SandboxSwarm.uniqueStack("ssh-goal");
        String old = managedConfig(stack, "settings");
        Path key = dir.resolve("deploy_key");
        Files.copy(ssh.key(), key);
        Processes.run("ssh-keygen", "-q", "-p", "-N", "s3cret phrase", "-f", key.toString());
        Path security = dir.resolve("settings-security.xml");
        Files.writeString(security, "<settingsSecurity><master>" + mavenEncrypted("-emp", "master secret", null)
                + "</master></settingsSecurity>");
        String passphrase = mavenEncrypted("-ep", "s3cret phrase", security);

        MavenBuild.Result prune = overSsh(stack)
                .environment("SSH_PRIVATE_KEY", Files.readString(key).replace("\n", "\r\n"))
                .environment("SSH_KNOWN_HOSTS", Files.readString(ssh.knownHosts()))
                .property("swarm.ssh.serverId", "deploy-ssh")
                .property("settings.security", security.toString())
                .server("deploy-ssh", "<passphrase>" + passphrase + "</passphrase>")
                .run();

        assertTrue(prune.succeeded(), prune::toString);
        assertTrue(prune.log().contains("- removed config " + old + ": "), prune::toString);
        assertFalse(prune.log().contains("s3cret phrase"), "the passphrase was logged");
    }

    @Test
    void disabledHostKeyCheckingWarnsInTheBuildLog(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String stack = SandboxSwarm.uniqueStack("ssh-goal");
        Path emptyKnownHosts = Files.createFile(dir.resolve("known_hosts"));

        MavenBuild.Result prune = overSsh(stack)
                .property("swarm.ssh.keyFile", ssh.key().toString())
                .property("swarm.ssh.knownHosts", emptyKnownHosts.toString())
                .property("swarm.ssh.strictHostKeyChecking", "false")
                .run();

        assertTrue(prune.succeeded(), prune::toString);
        assertTrue(prune.log().contains("[WARNING] swarm.ssh.strictHostKeyChecking=false: connecting to [" + ssh.host()
                + "]:" + ssh.port() + " WITHOUT verifying its host key"), prune::toString);
    }

    @Test
    void deployOverSshThenANoOpRedeployOverSsh() {
        String stack = sandbox.newStack("ssh-deploy");
        int port = SandboxSwarm.freePort();

        MavenBuild.Result first = deploy(stack, port, sshHost(ssh.port())).run();

        assertTrue(first.succeeded(), () -> "first deploy over SSH failed:\n" + first);
        assertTrue(first.log().contains("Plan for stack " + stack + ": 6 to create"), first::toString);
        assertTrue(first.log().contains(stack + "_web: converged"), first::toString);
        SandboxSwarm.await("the web service answering on port " + port, Duration.ofSeconds(30),
                () -> DeployedStacks.httpGet(port), body -> body.contains("deployed by swarm:deploy"));
        Map<String, Long> versions = DeployedStacks.versions(sandbox.docker(), stack);
        assertEquals(3, versions.size(), versions::toString);

        MavenBuild.Result again = deploy(stack, port, sshHost(ssh.port())).run();

        assertTrue(again.succeeded(), () -> "second deploy over SSH failed:\n" + again);
        assertTrue(again.log().contains("Plan for stack " + stack + ": no changes"), again::toString);
        assertEquals(versions, DeployedStacks.versions(sandbox.docker(), stack), "no service was updated");
    }

    @Test
    void droppedConnectionMidDeployFailsTheBuildSayingSoAndAPlainRerunTakesOverItsLockAndConverges() throws Exception {
        String stack = sandbox.newStack("ssh-drop");
        int port = SandboxSwarm.freePort();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (CuttableProxy proxy = new CuttableProxy(ssh.host(), ssh.port())) {
            // a short lease, so that the rerun need not wait the default 30s for the dead deploy's lock
            MavenBuild build = deploy(stack, port, sshHost(proxy.port()))
                    .property("swarm.ssh.hostKeyFingerprint", ssh.hostFingerprint())
                    .property("swarm.lock.lease", "3s");
            Future<MavenBuild.Result> running = background.submit(build::run);
            SandboxSwarm.await("the first service of " + stack + " created over SSH", Duration.ofSeconds(180),
                    () -> DeployedStacks.versions(sandbox.docker(), stack), created -> !created.isEmpty());
            proxy.cut();

            MavenBuild.Result dropped = running.get(5, TimeUnit.MINUTES);

            assertFalse(dropped.succeeded(), () -> "the deploy went on without its SSH connection:\n" + dropped);
            assertTrue(dropped.log().contains("lost the SSH connection to " + ssh.user() + "@127.0.0.1:" + proxy.port()),
                    dropped::toString);
            assertTrue(dropped.log().contains("MojoExecutionException"), "an infrastructure failure: " + dropped);
            assertTrue(dropped.log().contains("stack " + stack + ": the deploy could not finish; applied: ")
                    && dropped.log().contains("; rollout not checked: " + stack + "_"),
                    () -> "the error says what stands and whose rollout nobody saw end:\n" + dropped);
            assertTrue(dropped.log().contains("[WARNING] could not release the deploy lock " + stack + "_deploy-lock")
                    && dropped.log().contains("the next deploy takes it over"), dropped::toString);
        } finally {
            background.shutdownNow();
        }

        // The dead deploy could not release its stack lock over the lost connection, nor refresh it: a plain rerun
        // takes it over once its lease ran out, without anyone removing it, and converges.
        MavenBuild.Result rerun = deploy(stack, port, sshHost(ssh.port())).run();

        assertTrue(rerun.succeeded(), () -> "the rerun over SSH failed:\n" + rerun);
        assertTrue(rerun.log().lines().anyMatch(line -> line.startsWith("[WARNING] the deploy lock " + stack
                + "_deploy-lock held by ") && line.contains(" swarm:deploy") && line.contains("is stale: no heartbeat for ")
                && line.endsWith("(its lease is 3s); took it over")), rerun::toString);
        SandboxSwarm.await("the web service answering on port " + port, Duration.ofSeconds(30),
                () -> DeployedStacks.httpGet(port), body -> body.contains("deployed by swarm:deploy"));
        assertEquals(3, DeployedStacks.versions(sandbox.docker(), stack).size());
    }

    /** The deploy sample of DeployGoalIT, over SSH with the sandbox key and known_hosts. */
    private static MavenBuild deploy(String stack, int port, String host) {
        return MavenBuild.of("deploy").goals("swarm:deploy")
                .property("env", "it")
                .property("swarm.stack", stack)
                .property("swarm.host", host)
                .property("swarm.ssh.keyFile", ssh.key().toString())
                .property("swarm.ssh.knownHosts", ssh.knownHosts().toString())
                .environment("HOME", System.getProperty("java.io.tmpdir"))
                .environment("IMAGE", SandboxSwarm.baseImage())
                .environment("WEB_PORT", Integer.toString(port))
                .environment("DB_PASSWORD", "it-db-s3cr3t");
    }

    private static String sshHost(int port) {
        return "ssh://" + ssh.user() + "@" + ssh.host() + ":" + port;
    }

    private static MavenBuild overSsh(String stack) {
        return MavenBuild.of("prune").goals("swarm:prune")
                .property("swarm.stack", stack)
                .property("swarm.prune.keep", "0")
                .property("swarm.host", "ssh://" + ssh.user() + "@" + ssh.host() + ":" + ssh.port())
                // nothing of this machine's ~/.ssh may help
                .environment("HOME", System.getProperty("java.io.tmpdir"));
    }

    private String managedConfig(String stack, String key) {
        String name = stack + "_" + key + "-v1";
        configs.add(sandbox.docker().createConfigCmd().withName(name)
                .withLabels(SandboxSwarm.managedLabels(stack, key, "v1"))
                .withData(("content of " + name).getBytes(StandardCharsets.UTF_8)).exec().getId());
        return name;
    }

    private static TreeSet<String> stackConfigNames(String stack) {
        return DeployedStacks.configNames(sandbox.docker(), stack);
    }

    /** {@code mvn --encrypt-master-password} / {@code --encrypt-password}: the {…} value Maven prints. */
    private static String mavenEncrypted(String option, String secret, Path security) {
        String mvn = Path.of(MavenBuild.requiredProperty("maven.home"), "bin", "mvn").toString();
        String output = security == null ? Processes.run(mvn, "-B", option, secret)
                : Processes.run(mvn, "-B", option, secret, "-Dsettings.security=" + security);
        Matcher encrypted = Pattern.compile("\\{[A-Za-z0-9+/=]+}").matcher(output.replaceAll("\u001B\\[[0-9;]*m", ""));
        assertTrue(encrypted.find(), "no encrypted value in: " + output);
        return encrypted.group();
    }
}
