package io.github.swarmdeploy.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The options of swarm-deploy that a message may ask its user to change, by the name the library gives each: the
 * setting an embedder makes ({@code LockOptions.ttl}, {@code SshSettings.keyFile}). Core messages name options only
 * this way, through {@link #toString()} and {@link #is(Object)}, never by a front-end's name for them; a front-end that
 * names them differently (the Maven plugin's {@code swarm.lock.ttl}) rewrites what it shows with {@link #rename}, as
 * jib's plugins add their own configuration names to jib-core's failures.
 *
 * <p>An {@link InvalidOptionException} says which option was given which value.
 */
public enum Option {

    /** The stack's name, its namespace on the swarm. */
    STACK("StackSource.stackName"),
    /** The project part of the default stack name {@code <project>_<env>}. */
    PROJECT("StackSource.project"),
    /** The environment whose compose files make up the stack. */
    ENV("StackSource.environment"),
    /** The compose files of the stack, merged in order. */
    COMPOSE_FILES("StackSource.files"),
    /** Variable files for interpolation. */
    ENV_FILES("StackSource.envFiles"),

    /** The engine to talk to. */
    HOST("EngineSettings.host"),
    /** TLS towards a tcp:// engine. */
    TLS_VERIFY("TlsSettings.verify"),
    /** The directory of {@code ca.pem}, {@code cert.pem}, {@code key.pem}. */
    TLS_CERT_PATH("TlsSettings.certPath"),
    /** The CA certificate the engine's certificate must be signed by. */
    TLS_CA_CERT("TlsSettings.caCert"),
    /** The client certificate. */
    TLS_CERT("TlsSettings.cert"),
    /** The client key. */
    TLS_KEY("TlsSettings.key"),
    /** The private key file for an ssh:// engine. */
    SSH_KEY_FILE("SshSettings.keyFile"),
    /** The environment variable holding the private key's content. */
    SSH_KEY_ENV("SshSettings.keyEnv"),
    /** The passphrase of an encrypted private key. */
    SSH_PASSPHRASE("SshSettings.passphrase"),
    /** The known_hosts file the host key must be listed in. */
    SSH_KNOWN_HOSTS("SshSettings.knownHosts"),
    /** Pinned host key fingerprints. */
    SSH_HOST_KEY_FINGERPRINT("SshSettings.hostKeyFingerprint"),
    /** Whether host keys are verified. */
    SSH_STRICT_HOST_KEY_CHECKING("SshSettings.strictHostKeyChecking"),

    /** How long to wait for another run's stack lock. */
    LOCK_WAIT("LockOptions.maxWait"),
    /** Age after which a stack lock is stale. */
    LOCK_TTL("LockOptions.ttl"),
    /** How long a stack lock stays valid without a heartbeat. */
    LOCK_LEASE("LockOptions.lease"),

    /** Services of the stack no longer in the files are removed. */
    REMOVE_ORPHANS("DeployOptions.removeOrphans"),
    /** The rollout is watched. */
    WAIT("DeployOptions.waitForRollout"),
    /** How long a deploy may take, rollout included. */
    TIMEOUT("DeployOptions.timeout"),
    /** When image digests are pinned. */
    RESOLVE_IMAGE("DeployOptions.imagePolicy"),
    /** An image digest that cannot be looked up fails the deploy. */
    RESOLVE_IMAGE_STRICT("DeployOptions.strictImages"),
    /** Registry credentials are sent to the swarm. */
    REGISTRY_AUTH("DeployOptions.registryAuth"),
    /** How many services are created or updated at the same time. */
    PARALLELISM("DeployOptions.parallelism"),
    /** What {@code depends_on} makes a deploy wait for. */
    DEPENDS_ON("DeployOptions.dependsOn"),
    /** Newest versions of each config or secret kept by a prune. */
    PRUNE_KEEP("PruneOptions.keep"),
    /** How many records of a stack's deploy history stay. */
    HISTORY_KEEP("HistoryOptions.keep"),
    /** How many records of the history to show. */
    HISTORY_COUNT("StackDeployment.history(limit)"),
    /** The record of the history a rollback returns to. */
    ROLLBACK_TO("StackDeployment.rollback(to)"),
    /** The stack whose image digests a deploy promotes. */
    PROMOTE_FROM("PromotionFrom.stack"),
    /** The images file whose digests a deploy promotes. */
    PROMOTE_IMAGES("PromotionFrom.images"),
    /** How long a removal waits for the stack's tasks to be gone. */
    REMOVE_TIMEOUT("RemoveOptions.timeout"),

    /** Registry credentials given by the caller, which win over CI variables and the docker CLI's. */
    REGISTRY_CREDENTIALS("RegistryAuthLookup.given"),
    /** The image tag, given explicitly. */
    TAG("ImageRelease.tag(explicitTag)"),
    /** How the image tag is computed. */
    TAG_FORMAT("ImageRelease.tagFormat"),
    /** Images are {@code <prefix>/<service>:<tag>}. */
    IMAGE_PREFIX("ImageRelease.imagePrefix"),
    /** How much of building and pushing images is shown. */
    PROGRESS("ImageRelease.progress"),
    /** The GitLab token for merge-request notes. */
    GITLAB_TOKEN("MergeRequestNotes.token");

    private static final Pattern MENTION = Pattern.compile("(?<![\\w.])("
            + Arrays.stream(values()).map(option -> option.name).sorted(Comparator.comparing(String::length).reversed())
                    .map(Pattern::quote).collect(Collectors.joining("|")) + ")(?![\\w])");

    private final String name;

    Option(String name) {
        this.name = name;
    }

    /** The library's name of this option, as messages write it: {@code LockOptions.ttl}. */
    @Override
    public String toString() {
        return name;
    }

    /** This option set to {@code value}, as messages write it: {@code DeployOptions.waitForRollout=false}. */
    public String is(Object value) {
        return name + "=" + value;
    }

    /** The options {@code text} names, in order of first mention. */
    public static List<Option> mentionedIn(String text) {
        List<Option> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find()) {
            Option option = byName(matcher.group(1));
            if (!found.contains(option)) {
                found.add(option);
            }
        }
        return found;
    }

    /**
     * {@code text} with every option named the way {@code names} gives: how a front-end shows core messages in its
     * own words (the Maven plugin: {@code swarm.lock.ttl} for {@code LockOptions.ttl}).
     */
    public static String rename(String text, Names names) {
        Objects.requireNonNull(names, "names");
        if (text == null) {
            return null;
        }
        Matcher matcher = MENTION.matcher(text);
        StringBuilder renamed = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(renamed, Matcher.quoteReplacement(names.nameOf(byName(matcher.group(1)))));
        }
        matcher.appendTail(renamed);
        return renamed.toString();
    }

    private static Option byName(String name) {
        for (Option option : values()) {
            if (option.name.equals(name)) {
                return option;
            }
        }
        throw new IllegalStateException("no option " + name);
    }

    /** A front-end's names for the options. */
    @FunctionalInterface
    public interface Names {

        /**
         * What a user of this front-end sets, as a message should name it: a parameter ({@code swarm.lock.ttl}), or
         * the ways a value can be given when there are several.
         */
        String nameOf(Option option);
    }
}
