/**
 * Watching a rollout: {@link io.github.swarmdeploy.core.rollout.RolloutWatcher} polls the services a deploy
 * touched, a few engine calls per look however many services ({@code SwarmLook}, {@code SwarmReader}), and
 * the pure {@link io.github.swarmdeploy.core.rollout.ServiceTracker} decides per service: converged, rolled
 * back, paused, failed or timed out. Progress and verdicts leave as events. Depends on {@code engine} for its
 * reads, {@code event}, {@code naming} and {@code compose}'s duration text.
 */
package io.github.swarmdeploy.core.rollout;
