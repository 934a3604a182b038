/**
 * Rollback-safe removal of a stack's unused config and secret versions and networks: whatever a service's
 * current or previous spec uses stays. {@link io.github.swarmdeploy.core.prune.PruneRules} decides without
 * I/O; {@link io.github.swarmdeploy.core.prune.StackPrune} reads, decides and removes through
 * {@code engine.SwarmApi}, under the stack lock.
 */
package io.github.swarmdeploy.core.prune;
