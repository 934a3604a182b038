package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The plugin's names for the core's options: the core's messages name an option the library's way
 * ({@code LockOptions.ttl}), and the plugin shows them naming the parameter a Maven user sets ({@code swarm.lock.ttl}),
 * or, for a secret, the ways to give it. Every core failure and event reaches the build log through {@link #words}.
 */
final class MavenParameters implements Option.Names {

    static final MavenParameters NAMES = new MavenParameters();

    private static final Map<Option, String> PARAMETERS = new EnumMap<>(Option.class);

    static {
        PARAMETERS.put(Option.STACK, "swarm.stack, or swarm.project and env");
        PARAMETERS.put(Option.PROJECT, "swarm.project");
        PARAMETERS.put(Option.ENV, "swarm.env (-Denv=<env>)");
        PARAMETERS.put(Option.COMPOSE_FILES, "swarm.composeFiles");
        PARAMETERS.put(Option.ENV_FILES, "swarm.envFiles");
        PARAMETERS.put(Option.HOST, "swarm.host");
        PARAMETERS.put(Option.TLS_VERIFY, "swarm.tls.verify");
        PARAMETERS.put(Option.TLS_CERT_PATH, "swarm.tls.certPath");
        PARAMETERS.put(Option.TLS_CA_CERT, "swarm.tls.caCert");
        PARAMETERS.put(Option.TLS_CERT, "swarm.tls.cert");
        PARAMETERS.put(Option.TLS_KEY, "swarm.tls.key");
        PARAMETERS.put(Option.SSH_KEY_FILE, "swarm.ssh.keyFile");
        PARAMETERS.put(Option.SSH_KEY_ENV, "swarm.ssh.keyEnv");
        PARAMETERS.put(Option.SSH_PASSPHRASE, "-Dswarm.ssh.passphrase=…, swarm.ssh.passphraseFile, the variable "
                + "swarm.ssh.passphraseEnv names (SSH_PASSPHRASE) or a settings.xml <server> named by swarm.ssh.serverId");
        PARAMETERS.put(Option.SSH_KNOWN_HOSTS, "swarm.ssh.knownHosts");
        PARAMETERS.put(Option.SSH_HOST_KEY_FINGERPRINT, "swarm.ssh.hostKeyFingerprint");
        PARAMETERS.put(Option.SSH_STRICT_HOST_KEY_CHECKING, "swarm.ssh.strictHostKeyChecking");
        PARAMETERS.put(Option.LOCK_WAIT, "swarm.lock.wait");
        PARAMETERS.put(Option.LOCK_TTL, "swarm.lock.ttl");
        PARAMETERS.put(Option.LOCK_LEASE, "swarm.lock.lease");
        PARAMETERS.put(Option.REMOVE_ORPHANS, "swarm.removeOrphans");
        PARAMETERS.put(Option.WAIT, "swarm.wait");
        PARAMETERS.put(Option.TIMEOUT, "swarm.timeout");
        PARAMETERS.put(Option.RESOLVE_IMAGE, "swarm.resolveImage");
        PARAMETERS.put(Option.RESOLVE_IMAGE_STRICT, "swarm.resolveImage.strict");
        PARAMETERS.put(Option.REGISTRY_AUTH, "swarm.withRegistryAuth");
        PARAMETERS.put(Option.PARALLELISM, "swarm.deploy.parallelism");
        PARAMETERS.put(Option.DEPENDS_ON, "swarm.dependsOn");
        PARAMETERS.put(Option.PRUNE_KEEP, "swarm.prune.keep");
        PARAMETERS.put(Option.HISTORY_KEEP, "swarm.history.keep");
        PARAMETERS.put(Option.HISTORY_COUNT, "swarm.history.count");
        PARAMETERS.put(Option.ROLLBACK_TO, "swarm.rollback.to");
        PARAMETERS.put(Option.PROMOTE_FROM, "swarm.promote.from");
        PARAMETERS.put(Option.PROMOTE_IMAGES, "swarm.promote.images");
        PARAMETERS.put(Option.REMOVE_TIMEOUT, "swarm.timeout");
        PARAMETERS.put(Option.REGISTRY_CREDENTIALS, "swarm.registry.username with its password, a settings.xml "
                + "<server> whose id is the registry host");
        PARAMETERS.put(Option.TAG, "swarm.tag");
        PARAMETERS.put(Option.TAG_FORMAT, "swarm.tag.format");
        PARAMETERS.put(Option.IMAGE_PREFIX, "swarm.imagePrefix");
        PARAMETERS.put(Option.PROGRESS, "swarm.progress");
        PARAMETERS.put(Option.GITLAB_TOKEN, "-Dswarm.gitlab.token, swarm.gitlab.tokenFile, .tokenEnv, .serverId");
    }

    private MavenParameters() {
    }

    @Override
    public String nameOf(Option option) {
        String name = PARAMETERS.get(option);
        if (name == null) {
            throw new IllegalStateException("the plugin has no name for the option " + option.name());
        }
        return name;
    }

    /** An operation of the api a core message names ({@code StackDeployment.prune}), which a goal carries out. */
    private static final Pattern OPERATION = Pattern.compile("(?<![\\w.])StackDeployment\\.(prune|remove|rollback)(?![\\w(])");

    /** A core message as a Maven user reads it: every option named by its parameter, every operation by its goal. */
    static String words(String coreMessage) {
        String renamed = Option.rename(coreMessage, NAMES);
        return renamed == null ? null : OPERATION.matcher(renamed).replaceAll("swarm:$1");
    }

    /**
     * A core failure as goal {@code goal} reports it: in the core's words with the parameters' names, or, where the
     * plugin knows better what to say, in its own.
     */
    static String failure(SwarmDeployException failure, String goal) {
        if (failure instanceof InvalidOptionException invalid && invalid.option() == Option.STACK
                && invalid.value().isEmpty()) {
            return "swarm:" + goal + " needs a stack: give -Denv=<env> (stack <project>_<env>) or -Dswarm.stack=<name>";
        }
        if (failure instanceof InvalidOptionException invalid && invalid.option() == Option.ROLLBACK_TO) {
            return "swarm.rollback.to: '" + invalid.value() + "' is not a record number; swarm:history lists them (#12:"
                    + " -Dswarm.rollback.to=12)";
        }
        return words(failure.getMessage());
    }
}
