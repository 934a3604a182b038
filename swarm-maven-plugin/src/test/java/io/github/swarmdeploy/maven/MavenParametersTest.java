package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.api.StackSource;
import io.github.swarmdeploy.core.engine.SshSettings;
import io.github.swarmdeploy.core.lock.LockOptions;
import io.github.swarmdeploy.core.prune.PruneOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core names its options the library's way; a Maven user reads the parameter to set, in the words the plugin
 * used before the core learnt to speak for itself.
 */
class MavenParametersTest {

    @TempDir
    Path dir;

    @Test
    void everyOptionOfTheCoreHasAMavenNameMadeOfParametersTheGoalsDeclare() throws Exception {
        Set<String> declared = new TreeSet<>();
        PluginDescriptorTest.propertiesByGoal().values().forEach(declared::addAll);
        // secrets are read when a goal runs, never declared (Maven prints parameters at -X)
        declared.addAll(Set.of("swarm.ssh.passphrase", "swarm.gitlab.token", "swarm.env"));
        Pattern parameter = Pattern.compile("swarm\\.[A-Za-z.]*[A-Za-z]");
        for (Option option : Option.values()) {
            String name = MavenParameters.NAMES.nameOf(option);
            Matcher matcher = parameter.matcher(name);
            assertTrue(matcher.find(), () -> option.name() + " is named without a parameter: " + name);
            matcher.reset();
            while (matcher.find()) {
                String property = matcher.group();
                assertTrue(declared.contains(property), () -> option.name() + " is named " + name + ", but no goal has "
                        + property);
            }
        }
    }

    @Test
    void aValueTheCoreRefusesIsNamedByItsParameter() {
        assertEquals("swarm.lock.lease: '500ms' is too short; give at least 1s", failure(() ->
                new LockOptions(Duration.ZERO, Duration.ZERO, Duration.ofMillis(500), "holder")));
        assertEquals("swarm.lock.wait: 'soon' is not a duration; write it like 10m, 90s or 1h30m", failure(() ->
                OptionValues.duration(Option.LOCK_WAIT, "soon")));
        assertEquals("swarm.prune.keep must be 0 or more (versions kept per key), was -1", failure(() ->
                PruneOptions.defaults().withKeep(-1)));
        assertEquals("swarm.ssh.hostKeyFingerprint: 'SHA256:abc' is not a SHA256 fingerprint (expected 43 base64 "
                + "characters after SHA256:)", failure(() -> SshSettings.builder(Map.of()).hostKeyFingerprint("SHA256:abc")
                .build()));
        assertEquals("swarm.progress: 'fancy' is neither plain nor none", failure(() ->
                OptionValues.choice(Option.PROGRESS, "fancy", io.github.swarmdeploy.core.image.ProgressStyle.class)));
    }

    @Test
    void aMissingStackIsAskedForWithTheGoalsWords() {
        InvalidOptionException missing = assertThrows(InvalidOptionException.class,
                () -> StackSource.environment(dir, null).stackName());

        assertEquals(Option.STACK, missing.option());
        assertEquals("swarm:prune needs a stack: give -Denv=<env> (stack <project>_<env>) or -Dswarm.stack=<name>",
                MavenParameters.failure(missing, "prune"));
    }

    @Test
    void hintsInCoreMessagesNameTheParameters() {
        assertEquals("SSH key file /k is encrypted: give its passphrase (-Dswarm.ssh.passphrase=…, "
                + "swarm.ssh.passphraseFile, the variable swarm.ssh.passphraseEnv names (SSH_PASSPHRASE) or a settings.xml "
                + "<server> named by swarm.ssh.serverId)", MavenParameters.words("SSH key file /k is encrypted: give its "
                + "passphrase (" + Option.SSH_PASSPHRASE + ")"));
        assertEquals("TLS is on but the CA certificate /no/ca.pem does not exist: set swarm.tls.caCert or "
                + "swarm.tls.certPath (DOCKER_CERT_PATH), or switch TLS off with swarm.tls.verify=false",
                MavenParameters.words("TLS is on but the CA certificate /no/ca.pem does not exist: set "
                        + Option.TLS_CA_CERT + " or " + Option.TLS_CERT_PATH + " (DOCKER_CERT_PATH), or switch TLS off with "
                        + Option.TLS_VERIFY.is(false)));
        assertEquals("left running (swarm.removeOrphans=true removes it)",
                MavenParameters.words("left running (" + Option.REMOVE_ORPHANS.is(true) + " removes it)"));
        assertEquals("config shop_page_v1 is gone: swarm:prune removed it; run swarm:remove again; swarm.rollback.to=2",
                MavenParameters.words("config shop_page_v1 is gone: StackDeployment.prune removed it; run "
                        + "StackDeployment.remove again; " + Option.ROLLBACK_TO.is(2)));
        // a name inside another word is not an option
        assertEquals("MyLockOptions.ttl and LockOptions.ttlx", MavenParameters.words("MyLockOptions.ttl and LockOptions.ttlx"));
    }

    private static String failure(Runnable step) {
        SwarmDeployException e = assertThrows(SwarmDeployException.class, step::run);
        return MavenParameters.failure(e, "deploy");
    }
}
