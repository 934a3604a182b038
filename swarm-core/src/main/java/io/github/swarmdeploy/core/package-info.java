/**
 * swarm-deploy's core library: reads compose files, plans the change against a live Docker Swarm, applies it
 * and watches the rollout. This root package holds what every package shares: the exception tree front-ends
 * translate ({@link io.github.swarmdeploy.core.SwarmDeployException} for what a user has to act on,
 * {@link io.github.swarmdeploy.core.InfrastructureException} for a failing environment) and
 * {@link io.github.swarmdeploy.core.OutputFile}. It depends on the JDK only; no package of the core depends on
 * Maven. The map of the packages and what each may import is {@code docs/architecture.md}.
 */
package io.github.swarmdeploy.core;
