/**
 * The entry points a front-end (the Maven plugin, a test, another tool) uses:
 * {@link io.github.swarmdeploy.core.api.StackDeployment} plans, deploys, rolls back, removes, prunes and shows
 * a stack. It only wires the other packages of the core together and has no logic of its own; it may depend on
 * all of them.
 */
package io.github.swarmdeploy.core.api;
