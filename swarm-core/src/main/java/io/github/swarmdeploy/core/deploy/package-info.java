/**
 * The deploy: {@link io.github.swarmdeploy.core.deploy.StackDeployer} checks what could fail half-way
 * ({@code Preflight}), takes the stack lock, plans, applies the writes in order ({@code PlanApplier},
 * {@code WriteSchedule}), watches the rollout and records it in the stack's history; rollback and removal
 * run as deploys. It talks to the engine only through {@code engine.SwarmApi} and may depend on the packages
 * of the pipeline before it ({@code convert}, {@code plan}, {@code lock}, {@code rollout}, {@code history},
 * {@code prune}, {@code image}, {@code naming}).
 */
package io.github.swarmdeploy.core.deploy;
