package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.compose.Problem;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a stack's own key ({@link SecretVersionKey}: it names the stack's secret versions and seals the specs of its
 * deploy history) lives: a config of the stack named {@code <stack>_secret-key},
 * labelled as swarm-deploy's bookkeeping ({@link StackLabels#forSecretVersionKey}). Read before anything is
 * named; created by the first deploy that changes something, never by a dry run. Swarm refuses a second config
 * of the same name, so two first deploys cannot both create one: the second learns the first one's key.
 */
public final class SecretKeyStore {

    private final SwarmApi engine;
    private final String stack;
    private final String name;

    public SecretKeyStore(SwarmApi engine, String stack) {
        this.engine = engine;
        this.stack = stack;
        this.name = SecretVersionKey.configName(stack);
    }

    /** The config's name, {@code <stack>_secret-key}. */
    public String name() {
        return name;
    }

    /**
     * The stack's key, when a deploy created it.
     *
     * @throws StackNotDeployableException when a config of that name exists that swarm-deploy did not create
     *                                     for this stack, or that holds no key (it is neither used nor removed)
     */
    public Optional<SecretVersionKey> fetch() {
        return engine.fetchConfigs(Filters.name(name)).stream().filter(config -> name.equals(config.name()))
                .findFirst().map(this::read);
    }

    /**
     * Creates the config holding {@code key}; returns the key the stack has now: {@code key}, or the one another
     * deploy created first.
     */
    SecretVersionKey create(SecretVersionKey key) {
        try {
            engine.createConfig(CreateRequests.config(name, StackLabels.forSecretVersionKey(stack),
                    (key.encoded() + "\n").getBytes(StandardCharsets.UTF_8)));
            return key;
        } catch (EngineException e) {
            if (e.isConflict()) {
                return fetch().orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private SecretVersionKey read(SwarmDataObject config) {
        Map<String, String> labels = config.labels();
        if (!StackLabels.forSecretVersionKey(stack).entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())))) {
            throw notOurs("swarm-deploy did not create it for this stack (it lacks the labels "
                    + StackLabels.forSecretVersionKey(stack) + ")");
        }
        try {
            byte[] data = config.data();
            return SecretVersionKey.decode(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw notOurs("it does not hold a key (" + e.getMessage() + ")");
        }
    }

    private StackNotDeployableException notOurs(String why) {
        return new StackNotDeployableException(stack, List.of(Problem.general("config " + name + " is where swarm-deploy keeps the key"
                + " that names this stack's secret versions, but " + why + ": it is neither used nor removed; rename or"
                + " remove it (docker config rm " + name + ") and deploy again")));
    }
}
