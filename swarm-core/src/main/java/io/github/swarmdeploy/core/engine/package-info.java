/**
 * The one place that talks to a Docker engine: connections (unix socket, TCP with TLS, SSH through sshj),
 * and the typed port {@link io.github.swarmdeploy.core.engine.SwarmApi} every other package calls. Its one
 * implementation {@link io.github.swarmdeploy.core.engine.HttpSwarmApi} writes every Engine API path,
 * {@link io.github.swarmdeploy.core.engine.Filters} every filter, and
 * {@link io.github.swarmdeploy.core.engine.EngineJson} reads every answer into the records of this package.
 * The only package that may use docker-java's client, sshj or BouncyCastle; it holds no stack logic and
 * depends on nothing of the core but {@code event} and the root package's exceptions.
 */
package io.github.swarmdeploy.core.engine;
