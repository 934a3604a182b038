/**
 * What a deploy will change: reading the live stack ({@code LiveStackReader}, read-only calls through
 * {@code engine.SwarmApi}), normalising specs so that equal means unchanged, the image each service runs, and
 * the diff ({@link io.github.swarmdeploy.core.plan.StackPlanner}, pure) into a
 * {@link io.github.swarmdeploy.core.plan.Plan} that renders like a diff. Never mutates the swarm.
 */
package io.github.swarmdeploy.core.plan;
