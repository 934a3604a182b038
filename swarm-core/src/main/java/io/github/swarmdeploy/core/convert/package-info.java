/**
 * Stack definition to desired Swarm objects, field by field as docker/cli's {@code compose/convert}:
 * {@link io.github.swarmdeploy.core.convert.StackConverter} turns a {@code StackDefinition} into a
 * {@link io.github.swarmdeploy.core.convert.DesiredStack} of networks, configs, secrets and service specs (the
 * Engine API request bodies), one small class per concern. Pure, no I/O: depends on {@code compose},
 * {@code compose.model}, {@code golang} and docker-java's model classes, never on its client.
 */
package io.github.swarmdeploy.core.convert;
