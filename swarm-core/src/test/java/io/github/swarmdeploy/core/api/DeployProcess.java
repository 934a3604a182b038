package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.compose.StackLoader;
import io.github.swarmdeploy.core.deploy.DeployOptions;
import io.github.swarmdeploy.core.engine.EngineConnection;
import io.github.swarmdeploy.core.engine.EngineSettings;
import io.github.swarmdeploy.core.event.EventListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deploy through the api entry point in a JVM of its own, for tests that kill it ({@code kill -9}) where a
 * thread of the test's JVM could not be: {@code DeployProcess <docker host> <stack> <compose file> <lock lease
 * seconds> [NAME=value ...]}. Prints every event as {@code LEVEL message}; exits 0 when the deploy succeeded.
 */
public final class DeployProcess {

    private DeployProcess() {
    }

    public static void main(String[] args) {
        Map<String, String> variables = new HashMap<>();
        for (String assignment : List.of(args).subList(4, args.length)) {
            variables.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        DeployOptions options = DeployFixture.options();
        options = options.withLock(options.lock().withLease(Duration.ofSeconds(Long.parseLong(args[3]))));
        try (EngineConnection engine = EngineConnection.open(EngineSettings.forHost(args[0], Map.of()))) {
            deployment(engine, args[1], Path.of(args[2]), variables, options,
                    event -> System.out.println(event.level() + " " + event.message())).build().deploy();
        }
    }

    /** The deployment of {@code stack} from one compose file, as the tests run it (in this JVM or another). */
    static io.github.swarmdeploy.core.api.StackDeployment.Builder deployment(EngineConnection engine, String stack,
                                                                             Path composeFile, Map<String, String> variables,
                                                                             DeployOptions options, EventListener listener) {
        Map<String, String> vars = Map.copyOf(variables);
        return StackDeployment.builder(stack)
                .source(() -> StackLoader.forFiles(List.of(composeFile)).environment(vars).stackName(stack)
                        .events(listener).load().definition())
                .engine(engine)
                .options(options)
                .listener(listener);
    }
}
