package io.github.swarmdeploy.core.naming;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels that tie swarm objects to a stack and to this tool. Docker's own stack label names every
 * object of a stack; ours mark the configs and secrets we version by content, so that cleanup can group
 * the versions of one logical key and never touch what it did not create.
 */
public final class StackLabels {

    /** Docker's stack label: the stack an object belongs to. */
    public static final String NAMESPACE = "com.docker.stack.namespace";
    /** Docker's label on a service: the image as written in the compose file, before pinning a digest. */
    public static final String IMAGE = "com.docker.stack.image";

    private static final String PREFIX = "io.github.swarmdeploy.";
    /** {@code true} on every config and secret this tool created. */
    public static final String MANAGED = PREFIX + "managed";
    /** The logical key of a config or secret: its key under {@code configs:}/{@code secrets:}. */
    public static final String KEY = PREFIX + "key";
    /** The content hash that also ends the object's versioned name (keyed, for a secret). */
    public static final String HASH = PREFIX + "hash";
    /**
     * On a secret: which key its {@link #HASH} was made with ({@link SecretVersionKey#id()}, which tells nothing of
     * the key). Absent on configs, and on secrets an older swarm-deploy labelled with a plain hash.
     */
    public static final String HASH_KEY = PREFIX + "hash.key";
    /**
     * What a config of the stack that is not a version of a file is for: {@value #SECRET_KEY_KIND} on the key
     * that names the stack's secret versions, {@value #HISTORY_KIND} on a record of its deploy history. Deploys do
     * not plan them, prune never removes them.
     */
    public static final String KIND = PREFIX + "kind";
    /** The {@link #KIND} of the config holding a stack's {@link SecretVersionKey}. */
    public static final String SECRET_KEY_KIND = "secret-version-key";
    /** The {@link #KIND} of a record of the stack's deploy history. */
    public static final String HISTORY_KIND = "deploy-record";
    /** On a deploy record: its sequence number in the stack's history (1, 2, …). */
    public static final String HISTORY_SEQUENCE = PREFIX + "history.sequence";
    /** On a deploy record: {@code running} until it finished, then {@code succeeded} or {@code failed}. */
    public static final String HISTORY_OUTCOME = PREFIX + "history.outcome";
    /** On a deploy record: when it finished (ISO-8601 instant). */
    public static final String HISTORY_FINISHED_AT = PREFIX + "history.finishedAt";
    /** On a failed deploy record: the first line of why. */
    public static final String HISTORY_FAILURE = PREFIX + "history.failure";
    /** On the stack lock: who holds it. */
    public static final String LOCK_HOLDER = PREFIX + "lock.holder";
    /** On the stack lock: since when (ISO-8601 instant). */
    public static final String LOCK_SINCE = PREFIX + "lock.since";
    /** On the stack lock: how long it stays valid without a heartbeat (ISO-8601 duration, e.g. {@code PT30S}). */
    public static final String LOCK_LEASE = PREFIX + "lock.lease";
    /** On the stack lock: the holder's last heartbeat (ISO-8601 instant, the holder's clock; for people). */
    public static final String LOCK_HEARTBEAT = PREFIX + "lock.heartbeat";
    /** On a stale stack lock: who is taking it over (the holder, should it come back, learns it lost it). */
    public static final String LOCK_TAKEN_OVER_BY = PREFIX + "lock.takenOverBy";

    private StackLabels() {
    }

    /** The labels a versioned config or secret carries, on top of its own labels from the compose file. */
    public static Map<String, String> forVersionedObject(String stack, String key, ContentHash hash) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAMESPACE, stack);
        labels.put(MANAGED, "true");
        labels.put(KEY, key);
        labels.put(HASH, hash.hex());
        return labels;
    }

    /** The labels of the config that holds the key of the stack's secret versions. */
    public static Map<String, String> forSecretVersionKey(String stack) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAMESPACE, stack);
        labels.put(MANAGED, "true");
        labels.put(KIND, SECRET_KEY_KIND);
        return labels;
    }

    /** The labels every record of the stack's deploy history carries, before its outcome is known. */
    public static Map<String, String> forHistoryRecord(String stack, long sequence) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAMESPACE, stack);
        labels.put(MANAGED, "true");
        labels.put(KIND, HISTORY_KIND);
        labels.put(HISTORY_SEQUENCE, Long.toString(sequence));
        return labels;
    }

    /** Whether these labels mark a stack's own bookkeeping (its secret key), not a version of a config. */
    public static boolean isBookkeeping(Map<String, String> labels) {
        return labels.containsKey(KIND) || labels.containsKey(LOCK_HOLDER);
    }

    /** The labels a network the stack creates carries, on top of its own and the stack's: ours, so prune may remove it. */
    public static Map<String, String> forCreatedNetwork() {
        return Map.of(MANAGED, "true");
    }

    /** The value of docker's label filter that selects a stack's objects in list calls. */
    public static String namespaceFilter(String stack) {
        return NAMESPACE + "=" + stack;
    }
}
