package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.compose.DurationText;
import io.github.swarmdeploy.core.lock.LockOptions;
import io.github.swarmdeploy.core.image.RegistryCredentials;
import io.github.swarmdeploy.core.plan.ImagePolicy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a deploy behaves. Defaults ({@link #defaults()}) are docker's where docker has one.
 *
 * @param dryRun           compute and show the plan, change nothing
 * @param removeOrphans    remove services of the stack that are no longer in the files (docker's {@code --prune})
 * @param waitForRollout   watch created and updated services until they converge or fail
 * @param timeout          how long to watch at most
 * @param imagePolicy      when to pin image digests
 * @param strictImages     fail, instead of warning, when a digest cannot be looked up
 * @param registryAuth     credentials per registry host ({@code RegistryAuthLookup::find}) to pass to the
 *                         swarm and to digest look-ups; empty: pass none (docker without --with-registry-auth)
 * @param lock             how to take the stack's lock: wait, time-to-live, lease, holder ({@code user@host},
 *                         a CI job URL)
 * @param parallelism      how many objects (networks, configs, secrets, services) are created or updated at the
 *                         same time
 * @param dependsOn        what a service's {@code depends_on} makes the deploy wait for before it creates or
 *                         updates the service: its dependencies started (Compose's meaning, the default), healthy,
 *                         or nothing (docker's)
 */
public record DeployOptions(boolean dryRun, boolean removeOrphans, boolean waitForRollout, Duration timeout,
                            ImagePolicy imagePolicy, boolean strictImages,
                            Optional<Function<String, Optional<RegistryCredentials>>> registryAuth,
                            LockOptions lock, int parallelism, DependsOn dependsOn) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_LOCK_WAIT = LockOptions.DEFAULT_WAIT;
    public static final Duration DEFAULT_LOCK_TTL = LockOptions.DEFAULT_TTL;
    public static final int DEFAULT_PARALLELISM = 4;

    public DeployOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(imagePolicy, "imagePolicy");
        Objects.requireNonNull(registryAuth, "registryAuth");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(dependsOn, "dependsOn");
        if (timeout.isNegative()) {
            throw InvalidOptionException.of(Option.TIMEOUT, DurationText.format(timeout), "is negative");
        }
        OptionValues.atLeast(Option.PARALLELISM, parallelism, 1, "");
    }

    public static DeployOptions defaults() {
        return new DeployOptions(false, false, true, DEFAULT_TIMEOUT, ImagePolicy.ALWAYS, false, Optional.empty(),
                LockOptions.defaults(defaultHolder()), DEFAULT_PARALLELISM, DependsOn.STARTED);
    }

    /** {@code user@host (pid N)}. */
    public static String defaultHolder() {
        return System.getProperty("user.name", "someone") + "@" + LocalHost.NAME + " (pid " + ProcessHandle.current().pid()
                + ")";
    }

    /**
     * This machine's name, looked up once per JVM (a goal asks for it more than once, and on a machine whose name
     * DNS does not know the lookup can take seconds).
     */
    private static final class LocalHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "unknown-host";
            }
        }
    }

    public DeployOptions withDryRun(boolean value) {
        return new DeployOptions(value, removeOrphans, waitForRollout, timeout, imagePolicy, strictImages, registryAuth,
                lock, parallelism, dependsOn);
    }

    public DeployOptions withRemoveOrphans(boolean value) {
        return new DeployOptions(dryRun, value, waitForRollout, timeout, imagePolicy, strictImages, registryAuth,
                lock, parallelism, dependsOn);
    }

    public DeployOptions withWait(boolean value, Duration newTimeout) {
        return new DeployOptions(dryRun, removeOrphans, value, newTimeout, imagePolicy, strictImages, registryAuth,
                lock, parallelism, dependsOn);
    }

    public DeployOptions withImages(ImagePolicy policy, boolean strict) {
        return new DeployOptions(dryRun, removeOrphans, waitForRollout, timeout, policy, strict, registryAuth,
                lock, parallelism, dependsOn);
    }

    public DeployOptions withRegistryAuth(Function<String, Optional<RegistryCredentials>> credentials) {
        return new DeployOptions(dryRun, removeOrphans, waitForRollout, timeout, imagePolicy, strictImages,
                Optional.ofNullable(credentials), lock, parallelism, dependsOn);
    }

    /** Wait, time-to-live and holder; the lease stays. */
    public DeployOptions withLock(Duration wait, Duration ttl, String newHolder) {
        return withLock(lock.withWait(wait).withTtl(ttl).withHolder(newHolder));
    }

    public DeployOptions withLock(LockOptions value) {
        return new DeployOptions(dryRun, removeOrphans, waitForRollout, timeout, imagePolicy, strictImages, registryAuth,
                value, parallelism, dependsOn);
    }

    public DeployOptions withParallelism(int value) {
        return new DeployOptions(dryRun, removeOrphans, waitForRollout, timeout, imagePolicy, strictImages, registryAuth,
                lock, value, dependsOn);
    }

    public DeployOptions withDependsOn(DependsOn value) {
        return new DeployOptions(dryRun, removeOrphans, waitForRollout, timeout, imagePolicy, strictImages, registryAuth,
                lock, parallelism, value);
    }
}
