package io.github.swarmdeploy.bench;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.api.StackDeployment;
import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.deploy.DependsOn;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.engine.SshSettings;
import io.github.swarmdeploy.core.event.EventListener;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Our deploy as a tool embedding swarm-core would run it: one JVM, the api entry point
 * ({@link StackDeployment}) with default options (wait for the rollout, resolve images always), events printed
 * one per line with the seconds since main started. The benchmark starts one process per deploy, like a CI job, and reads back how long main and the
 * call of deploy() took ({@link DeployTiming}).
 *
 * <pre>
 * java -cp CLASSPATH io.github.swarmdeploy.bench.DeployMain --stack NAME --compose FILE --timing FILE
 *      [--host ssh://user@host:port --ssh-key FILE --known-hosts FILE] [--depends-on started|healthy|ignore]
 * </pre>
 * Variables for the compose file come from the environment. Exit 1 when the deploy failed.
 */
public final class DeployMain {

    private DeployMain() {
    }

    public static void main(String[] args) {
        long mainStarted = System.nanoTime();
        long jvmStartToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        Map<String, String> options = MainOptions.parse(args);
        Map<String, String> environment = System.getenv();
        String stack = MainOptions.required(options, "stack");
        EventListener events = event -> System.out.printf(java.util.Locale.ROOT, "%6.1fs %-5s %s%n",
                (System.nanoTime() - mainStarted) / 1e9, event.level(), event.message());
        EngineSettings settings = EngineSettings.forHost(options.get("host"), environment);
        if (options.containsKey("ssh-key")) {
            settings = settings.withSsh(SshSettings.builder(environment)
                    .keyFile(Path.of(options.get("ssh-key")))
                    .knownHosts(Path.of(MainOptions.required(options, "known-hosts")))
                    .build());
        }
        long deployMillis;
        try (EngineConnection engine = EngineConnection.open(settings, events)) {
            StackLoader loader = StackLoader.forFiles(List.of(Path.of(MainOptions.required(options, "compose"))))
                    .environment(environment)
                    .events(events)
                    .stackName(stack);
            DeployOptions deployOptions = DeployOptions.defaults();
            if (options.containsKey("depends-on")) {
                deployOptions = deployOptions.withDependsOn(DependsOn.parse(options.get("depends-on")).orElseThrow(
                        () -> new IllegalArgumentException("--depends-on: give " + DependsOn.choices())));
            }
            StackDeployment deployment = StackDeployment.builder(stack)
                    .source(() -> loader.load().definition())
                    .engine(engine)
                    .options(deployOptions)
                    .listener(events)
                    .build();
            long deployStarted = System.nanoTime();
            deployment.deploy();
            deployMillis = (System.nanoTime() - deployStarted) / 1_000_000;
        } catch (SwarmDeployException e) {
            System.out.println("ERROR " + e.getMessage());
            System.exit(1);
            return;
        }
        DeployTiming.write(Path.of(MainOptions.required(options, "timing")), jvmStartToMain,
                (System.nanoTime() - mainStarted) / 1_000_000, deployMillis);
    }
}
