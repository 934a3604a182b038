package io.github.swarmdeploy.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.deploy.DeployResult;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.sandbox.Processes;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.plan.ImagePolicy;
import io.github.swarmdeploy.core.plan.Plan;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import io.github.swarmdeploy.core.sandbox.TestFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test stack on the sandbox swarm, deployed from compose YAML through {@link StackDeployment}: writes the
 * files, deploys with chosen variables and options, records every event, and removes the stack at the end.
 */
final class DeployFixture implements AutoCloseable {

    /** The test app: {@code /app/serve.sh} serves {@code /www} on 8080, {@code /app/health.sh} checks it. */
    static final Map<String, String> APP_FILES = Map.of(
            "serve.sh", "#!/bin/sh\nmkdir -p /www && echo \"$APP_VERSION\" > /www/version\nexec httpd -f -p 8080 -h /www\n",
            "health.sh", "#!/bin/sh\nwget -q -O /dev/null http://127.0.0.1:8080/version\n");
    static final String[] APP_DOCKERFILE = {"COPY serve.sh health.sh /app/", "CMD [\"/app/serve.sh\"]"};

    private static final boolean PRINT = Boolean.getBoolean("deploy.it.print");

    final EngineConnection engine;
    final String host;
    final String stack;
    final Path dir;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final Map<String, String> variables = new HashMap<>();

    DeployFixture(String purpose) {
        this(purpose, SandboxSwarm.requireManager(), SandboxSwarm.dockerHost());
    }

    /** A stack on the swarm whose manager answers at {@code dockerHost} (a {@code SwarmCluster}'s, say). */
    DeployFixture(String purpose, String dockerHost) {
        this(purpose, EngineConnection.open(EngineSettings.forHost(dockerHost, Map.of())), dockerHost);
    }

    private DeployFixture(String purpose, EngineConnection engine, String host) {
        this.engine = engine;
        this.host = host;
        stack = SandboxSwarm.uniqueStack(purpose);
        try {
            dir = Files.createTempDirectory("deploy-it-" + purpose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The images every test of a class uses: app:v1 and app:v2 (healthy), app:bad (its health check fails). */
    static Map<String, String> buildImages(EngineConnection engine) {
        Map<String, String> images = new HashMap<>();
        for (String version : List.of("v1", "v2")) {
            images.put(version, SandboxSwarm.buildAndPush(engine, "deploy-it/app", version, APP_FILES,
                    concat(APP_DOCKERFILE, "ENV APP_VERSION=" + version)));
        }
        Map<String, String> bad = new HashMap<>(APP_FILES);
        bad.put("health.sh", "#!/bin/sh\necho unhealthy >&2\nexit 1\n");
        images.put("bad", SandboxSwarm.buildAndPush(engine, "deploy-it/app", "bad", bad,
                concat(APP_DOCKERFILE, "ENV APP_VERSION=bad")));
        return images;
    }

    private static String clusterImage;

    /**
     * The test app as {@code multinode-it/app:v1} in the sandbox registry, where a private cluster's nodes pull it;
     * built and pushed (through the sandbox engine) once per run.
     */
    static synchronized String clusterImage() {
        if (clusterImage == null) {
            try (EngineConnection sandbox = SandboxSwarm.requireManager()) {
                clusterImage = SandboxSwarm.buildAndPush(sandbox, "multinode-it/app", "v1", APP_FILES, APP_DOCKERFILE);
            }
        }
        return clusterImage;
    }

    private static String[] concat(String[] lines, String line) {
        String[] all = java.util.Arrays.copyOf(lines, lines.length + 1);
        all[lines.length] = line;
        return all;
    }

    DeployFixture file(String name, String content) {
        TestFiles.write(dir, name, content);
        return this;
    }

    DeployFixture compose(String yaml) {
        return file("compose.yaml", yaml);
    }

    DeployFixture variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    static DeployOptions options() {
        return DeployOptions.defaults().withImages(ImagePolicy.ALWAYS, false).withWait(true, Duration.ofMinutes(3))
                .withLock(Duration.ofMinutes(3), Duration.ofMinutes(30), "deploy-it");
    }

    StackDeployment deployment(DeployOptions options) {
        return builder(options).build();
    }

    StackDeployment.Builder builder(DeployOptions options) {
        return builder(options, "compose.yaml", recorder(events));
    }

    /** A deployment of this stack from another file of the fixture's directory, its events to {@code listener}. */
    StackDeployment.Builder builder(DeployOptions options, String composeFile, EventListener listener) {
        return DeployProcess.deployment(engine, stack, dir.resolve(composeFile), Map.copyOf(variables), options,
                listener).report(dir.resolve("target/swarm/deploy-report.json"));
    }

    /**
     * The same deploy in a JVM of its own ({@link DeployProcess}), for a test that kills it; its events go to
     * {@code process.log} in the fixture's directory.
     */
    Process startProcess(Duration lockLease) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), DeployProcess.class.getName(), host, stack,
                dir.resolve("compose.yaml").toString(), String.valueOf(lockLease.toSeconds())));
        variables.forEach((name, value) -> command.add(name + "=" + value));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("process.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** What the deploy process printed. */
    String processLog() {
        return Processes.readLog(dir.resolve("process.log"));
    }

    DeployResult deploy() {
        return deploy(options());
    }

    /** The deploy in another thread: what it returns, or the {@link SwarmDeployException} it ends with. */
    CompletableFuture<Object> deployInBackground() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return deploy();
            } catch (SwarmDeployException e) {
                return e;
            }
        });
    }

    DeployResult deploy(DeployOptions options) {
        try {
            DeployResult result = deployment(options).deploy();
            result.failure().ifPresent(failure -> print("deploy failed: " + failure.getMessage()));
            return result;
        } catch (RuntimeException e) {
            print("deploy failed: " + e.getMessage());
            throw e;
        }
    }

    Plan plan() {
        return deployment(options()).plan();
    }

    /** The service {@code <stack>_<key>} as the engine reports it. */
    JsonNode service(String key) {
        return engine.fetchJson("/services/" + stack + "_" + key);
    }

    long version(String key) {
        return service(key).path("Version").path("Index").asLong();
    }

    String image(String key) {
        return service(key).at("/Spec/TaskTemplate/ContainerSpec/Image").asText();
    }

    /** Every object of the stack with its version: equal lists mean nothing changed. */
    List<String> objects() {
        return SandboxSwarm.listStackObjects(engine, stack);
    }

    /** The index of the first event whose message starts with {@code prefix}; fails when there is none. */
    int indexOf(String prefix) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).message().startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no event starting with '" + prefix + "' in:\n" + log());
    }

    /**
     * A listener that keeps the events in {@code into} for the test; with {@code -Ddeploy.it.print=true} it also
     * prints them as the deploy says them (the README's log excerpts are copied from such runs).
     */
    EventListener recorder(List<Event> into) {
        return event -> {
            into.add(event);
            print(event.level() + " " + event.message());
        };
    }

    private void print(String line) {
        if (PRINT) {
            System.out.println("[" + stack + "] " + line);
        }
    }

    String log() {
        StringBuilder text = new StringBuilder();
        events.forEach(event -> text.append(event.level()).append(' ').append(event.message()).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {
        try {
            SandboxSwarm.removeStack(engine, stack);
        } finally {
            engine.close();
        }
    }
}
