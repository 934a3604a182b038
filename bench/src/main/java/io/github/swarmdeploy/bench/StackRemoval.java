package io.github.swarmdeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.HttpMethod;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Removes one benchmark stack completely and waits until it is gone, so the next measurement starts on a
 * quiet swarm: {@code docker stack rm}, then until no service and no container of the stack is left, then
 * whatever {@code docker stack rm} could not remove yet (a network still attached to a stopping container,
 * a config or secret still referenced). Only objects labelled with the stack's namespace are touched, and
 * only stacks this run created are ever passed here.
 */
final class StackRemoval {

    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final EngineConnection engine;
    private final Path logDirectory;

    StackRemoval(EngineConnection engine, Path logDirectory) {
        this.engine = engine;
        this.logDirectory = logDirectory;
    }

    void remove(String stack) {
        Command.Result rm = Command.of("docker", "stack", "rm", stack)
                .run(logDirectory.resolve(stack + "-rm.log"), Duration.ofMinutes(2));
        if (!rm.succeeded()) {
            System.err.println("  docker stack rm " + stack + " failed (" + rm.describeExit() + "), removing by label: "
                    + rm.tail(3));
            for (JsonNode service : list("/services", stack)) {
                delete("/services/" + service.path("ID").asText());
            }
        }
        await("no service of stack " + stack, () -> list("/services", stack));
        await("no container of stack " + stack,
                () -> list("/containers/json?all=1&", stack));
        for (String kind : List.of("networks", "configs", "secrets")) {
            await("no " + kind + " of stack " + stack, () -> {
                List<JsonNode> left = list("/" + kind, stack);
                left.forEach(object -> delete("/" + kind + "/" + object.path("Id").asText(object.path("ID").asText())));
                return left;
            });
        }
    }

    private List<JsonNode> list(String path, String stack) {
        String separator = path.endsWith("&") ? "" : "?";
        List<JsonNode> objects = new ArrayList<>();
        engine.fetchJson(path + separator + StackState.labelFilter(stack).query().substring(1)).forEach(objects::add);
        return objects;
    }

    private void delete(String path) {
        try {
            engine.sendJson(HttpMethod.DELETE, path, null);
        } catch (EngineException e) {
            if (!e.isNotFound()) {
                // still in use: the next round tries again, the deadline reports what stayed
                System.err.println("  " + e.getMessage());
            }
        }
    }

    /** Polls until {@code objects} is empty; fails naming what was still there at the deadline. */
    static void await(String what, Supplier<List<JsonNode>> objects) {
        Instant deadline = Instant.now().plus(DEADLINE);
        List<JsonNode> last = objects.get();
        while (!last.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("waited " + DEADLINE.toSeconds() + " s for " + what + "; still there: "
                        + last.stream().map(StackRemoval::describe).toList());
            }
            pause();
            last = objects.get();
        }
    }

    private static String describe(JsonNode object) {
        JsonNode name = object.path("Spec").path("Name");
        if (name.isMissingNode()) {
            name = object.path("Names").isArray() ? object.path("Names").path(0) : object.path("Name");
        }
        return name.asText(object.path("Id").asText(object.path("ID").asText()));
    }

    static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
