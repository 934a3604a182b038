/**
 * A stack's deploy history, kept in the swarm itself as one config per record: what each deploy, rollback or
 * removal changed and left running ({@link io.github.swarmdeploy.core.history.DeployHistory}), which record a
 * rollback returns to ({@code RollbackTarget}, pure), what the stack runs now and whether it drifted
 * ({@code StackStatus}, {@code Drift}). Reads and writes through {@code engine.SwarmApi}; depends on
 * {@code plan}, {@code convert}, {@code rollout}, {@code image} and {@code naming} for what a record holds.
 */
package io.github.swarmdeploy.core.history;
