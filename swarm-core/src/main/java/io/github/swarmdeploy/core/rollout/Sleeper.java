package io.github.swarmdeploy.core.rollout;

import java.time.Duration;

/** Waits between polls; replaced in tests by one that advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
