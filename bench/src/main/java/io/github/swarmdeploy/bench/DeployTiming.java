package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * What {@code DeployMain} (our deploy in its own JVM) reports back to the benchmark, in a small properties file:
 * how long the JVM ran before main, how long main took (engine connection included), and how long the call
 * {@code StackDeployment.deploy()} took (loading the files, planning, applying, watching the rollout). The
 * process's wall time minus the last is what a fresh JVM adds around a deploy.
 */
final class DeployTiming {

    static final String MAIN_CLASS = "io.github.swarmdeploy.bench.DeployMain";
    private static final String IN_MAIN = "mainMillis";
    private static final String IN_DEPLOY = "deployMillis";
    private static final String BEFORE_MAIN = "jvmStartToMainMillis";

    private DeployTiming() {
    }

    static void write(Path file, long jvmStartToMainMillis, long mainMillis, long deployMillis) {
        Properties properties = new Properties();
        properties.setProperty(IN_DEPLOY, Long.toString(deployMillis));
        properties.setProperty(BEFORE_MAIN, Long.toString(jvmStartToMainMillis));
        properties.setProperty(IN_MAIN, Long.toString(mainMillis));
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "swarm-deploy benchmark: timing of one deploy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The time the call deploy() took, or empty when main wrote none (it failed). */
    static OptionalLong readDeployMillis(Path file) {
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(IN_DEPLOY);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }
}
