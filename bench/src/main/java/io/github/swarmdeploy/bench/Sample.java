package io.github.swarmdeploy.bench;

import java.util.List;

/**
 * One measured deploy.
 *
 * @param repetition      1-based repetition it belongs to
 * @param fixture         fixture name
 * @param variant         deployer name (docker, docker-ssh, ours, ours-ssh, ours-mvn)
 * @param stack           the stack deployed (unique in the run)
 * @param step            first | noop | change
 * @param ok              the deploy exited 0 (then the numbers below mean something)
 * @param wallMillis      process start to exit
 * @param inProcessMillis time the call StackDeployment.deploy() took (ours Java main only), else -1
 * @param servicesChanged services created or whose Version.Index moved during the deploy
 * @param tasksStarted    tasks wanted running after the deploy that were not before (new containers)
 * @param services        services of the stack after the deploy
 * @param error           why it failed (the command's exit and last log lines), or null
 * @param log             the command's output, relative to the run directory
 * @param swarmLimitMillis     the slowest changed service's time from its creation (or update) to running
 *                             (healthy), plus its monitor window, from Swarm's timestamps ({@link SwarmTimeline}); -1
 *                             when nothing got a new task
 * @param detectionLatencyMillis process exit minus the moment the last changed service had been running for its
 *                             window; -1 when nothing got a new task
 * @param peakRssKb            the process's peak resident set size (the Maven JVM for ours-mvn), -1 unmeasured
 * @param mavenStartMillis     ours-mvn: process start until Maven announced the goal, else -1 ({@link MavenTiming})
 * @param pluginLoadMillis     ours-mvn: from there until the goal's first line, else -1
 * @param inGoalMillis         ours-mvn: the goal's first line until BUILD SUCCESS; ours: the call of deploy(); else -1
 * @param classesLoaded        ours-mvn: classes the Maven JVM loaded, else -1
 * @param cpuMillis            the process's user and system CPU time (the Maven JVM's for ours-mvn), -1 unmeasured
 * @param othersBusyPercent    the share of all cores that other processes used while it ran (dockerd and the
 *                             stack's healthchecks, mostly), in percent; -1 unmeasured
 * @param failedTasks          the stack's tasks that failed since the deploy started, as read right after it
 *                             ({@link SwarmTimeline#failedTasks()}): service, state and error of each
 */
record Sample(int repetition, String fixture, String variant, String stack, String step, boolean ok,
              long wallMillis, long inProcessMillis, int servicesChanged, int tasksStarted, int services,
              String error, String log, long swarmLimitMillis, long detectionLatencyMillis, long peakRssKb,
              long mavenStartMillis, long pluginLoadMillis, long inGoalMillis, long classesLoaded,
              long cpuMillis, int othersBusyPercent, List<String> failedTasks) {

    static final String FIRST = "first";
    static final String NOOP = "noop";
    static final String CHANGE = "change";
    static final List<String> STEPS = List.of(FIRST, NOOP, CHANGE);

    static String describeStep(String step) {
        return switch (step) {
            case FIRST -> "first deploy";
            case NOOP -> "no-op redeploy";
            case CHANGE -> "one config changed";
            default -> step;
        };
    }
}
