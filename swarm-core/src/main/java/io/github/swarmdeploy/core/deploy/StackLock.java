package io.github.swarmdeploy.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * A lock held in the swarm itself, so that two deploys of one stack never interleave, wherever they run:
 * a config named {@code <stack>_deploy-lock}. Creating a config with a name that exists fails atomically in
 * Swarm's raft store, so exactly one creator wins; the others wait. The config's labels say who holds it and
 * since when; a lock older than the time-to-live is taken to be left over by a deploy that died, and removed.
 */
public final class StackLock implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final EngineConnection engine;
    private final String name;
    private final String id;
    private final EventListener events;

    private StackLock(EngineConnection engine, String name, String id, EventListener events) {
        this.engine = engine;
        this.name = name;
        this.id = id;
        this.events = events;
    }

    /** The name of the lock of {@code stack}. */
    public static String nameFor(String stack) {
        return stack + "_deploy-lock";
    }

    /**
     * Takes the lock of {@code stack} for {@code holder}, waiting up to {@code wait} while someone else holds
     * it.
     *
     * @throws StackLockedException when it is still held by someone else after {@code wait}
     */
    public static StackLock acquire(EngineConnection engine, String stack, String holder, Duration wait,
                                    Duration ttl, Clock clock, EventListener events) {
        String name = nameFor(stack);
        Instant deadline = clock.instant().plus(wait);
        String lastHolderSeen = null;
        while (true) {
            Instant now = clock.instant();
            Optional<String> id = tryCreate(engine, stack, name, holder, now);
            if (id.isPresent()) {
                events.debug("took the deploy lock " + name);
                return new StackLock(engine, name, id.get(), events);
            }
            Optional<JsonNode> current = fetchLock(engine, name);
            if (current.isEmpty()) {
                if (now.isAfter(deadline)) {
                    throw new StackLockedException("cannot take the deploy lock " + name + " of stack " + stack
                            + ": the engine refuses to create it but lists no such config");
                }
                continue; // released between our attempt and the look-up: try again at once
            }
            JsonNode labels = current.get().path("Spec").path("Labels");
            String otherHolder = labels.path(StackLabels.LOCK_HOLDER).asText("unknown holder");
            Optional<Instant> since = parseInstant(labels.path(StackLabels.LOCK_SINCE).asText(""));
            String sinceText = since.map(Instant::toString).orElse("an unknown time");
            if (since.isEmpty() || Duration.between(since.get(), now).compareTo(ttl) > 0) {
                events.warn("the deploy lock " + name + " held by " + otherHolder + " since " + sinceText
                        + " is older than swarm.lock.ttl (" + ttl + "): taking it over as stale");
                remove(engine, current.get().path("ID").asText());
                continue;
            }
            if (now.isAfter(deadline)) {
                throw new StackLockedException("stack " + stack + " is being deployed by " + otherHolder
                        + " (lock " + name + " taken at " + sinceText + "); gave up after waiting " + wait
                        + " (swarm.lock.wait). If that deploy is dead, remove the lock: docker config rm " + name);
            }
            if (!otherHolder.equals(lastHolderSeen)) {
                events.info("waiting for the deploy of stack " + stack + " by " + otherHolder + " (since " + sinceText
                        + ") to finish, at most " + wait);
                lastHolderSeen = otherHolder;
            }
            pause();
        }
    }

    private static Optional<String> tryCreate(EngineConnection engine, String stack, String name, String holder,
                                              Instant now) {
        ObjectNode body = engine.json().createObjectNode();
        body.put("Name", name);
        ObjectNode labels = body.putObject("Labels");
        labels.put(StackLabels.NAMESPACE, stack);
        labels.put(StackLabels.LOCK_HOLDER, holder);
        labels.put(StackLabels.LOCK_SINCE, now.toString());
        String data = "held by " + holder + " since " + now + "\n";
        body.put("Data", Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
        try {
            JsonNode created = engine.sendJson(Method.POST, "/configs/create", body);
            return Optional.of(created.path("ID").asText());
        } catch (EngineException e) {
            if (e.isConflict()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<JsonNode> fetchLock(EngineConnection engine, String name) {
        String filter = "{\"name\":[\"" + name + "\"]}";
        JsonNode configs = engine.fetchJson("/configs?filters=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        for (JsonNode config : configs) {
            if (name.equals(config.path("Spec").path("Name").asText())) {
                return Optional.of(config);
            }
        }
        return Optional.empty();
    }

    private static boolean remove(EngineConnection engine, String id) {
        try {
            engine.sendJson(Method.DELETE, "/configs/" + id, null);
            return true;
        } catch (EngineException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwarmDeployException("interrupted while waiting for the deploy lock");
        }
    }

    /** The lock's name, {@code <stack>_deploy-lock}. */
    public String name() {
        return name;
    }

    /** Releases the lock; a lock someone else removed meanwhile is reported, not an error. */
    @Override
    public void close() {
        if (!remove(engine, id)) {
            events.warn("the deploy lock " + name + " was removed by someone else while this deploy held it");
        } else {
            events.debug("released the deploy lock " + name);
        }
    }
}
