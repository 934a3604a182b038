package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.naming.SecretVersionKey;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a stack's {@link SecretVersionKey} lives: a config of the stack named {@code <stack>_secret-key},
 * labelled as swarm-deploy's bookkeeping ({@link StackLabels#forSecretVersionKey}). Read before anything is
 * named; created by the first deploy that changes something, never by a dry run. Swarm refuses a second config
 * of the same name, so two first deploys cannot both create one: the second learns the first one's key.
 */
final class SecretKeyStore {

    private final EngineConnection engine;
    private final String stack;
    private final String name;

    SecretKeyStore(EngineConnection engine, String stack) {
        this.engine = engine;
        this.stack = stack;
        this.name = SecretVersionKey.configName(stack);
    }

    /** The config's name, {@code <stack>_secret-key}. */
    String name() {
        return name;
    }

    /**
     * The stack's key, when a deploy created it.
     *
     * @throws StackNotDeployableException when a config of that name exists that swarm-deploy did not create
     *                                     for this stack, or that holds no key (it is neither used nor removed)
     */
    Optional<SecretVersionKey> fetch() {
        String filter = URLEncoder.encode("{\"name\":[\"" + name + "\"]}", StandardCharsets.UTF_8);
        for (JsonNode config : engine.fetchJson("/configs?filters=" + filter)) {
            if (name.equals(config.path("Spec").path("Name").asText())) {
                return Optional.of(read(config));
            }
        }
        return Optional.empty();
    }

    /**
     * Creates the config holding {@code key}; returns the key the stack has now: {@code key}, or the one another
     * deploy created first.
     */
    SecretVersionKey create(SecretVersionKey key) {
        ObjectNode body = engine.json().createObjectNode();
        body.put("Name", name);
        ObjectNode labels = body.putObject("Labels");
        StackLabels.forSecretVersionKey(stack).forEach(labels::put);
        body.put("Data", Base64.getEncoder().encodeToString((key.encoded() + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            engine.sendJson(Method.POST, "/configs/create", body);
            return key;
        } catch (EngineException e) {
            if (e.isConflict()) {
                return fetch().orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private SecretVersionKey read(JsonNode config) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        config.path("Spec").path("Labels").fields().forEachRemaining(label -> labels.put(label.getKey(),
                label.getValue().asText()));
        if (!StackLabels.forSecretVersionKey(stack).entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())))) {
            throw notOurs("swarm-deploy did not create it for this stack (it lacks the labels "
                    + StackLabels.forSecretVersionKey(stack) + ")");
        }
        try {
            byte[] data = Base64.getDecoder().decode(config.path("Spec").path("Data").asText(""));
            return SecretVersionKey.decode(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw notOurs("it does not hold a key (" + e.getMessage() + ")");
        }
    }

    private StackNotDeployableException notOurs(String why) {
        return new StackNotDeployableException(stack, List.of("config " + name + " is where swarm-deploy keeps the key"
                + " that names this stack's secret versions, but " + why + ": it is neither used nor removed; rename or"
                + " remove it (docker config rm " + name + ") and deploy again"));
    }
}
