/**
 * The immutable stack definition: what a set of compose files means once loaded, interpolated, merged
 * and validated. Modelled on docker/cli's {@code cli/compose/types} so that conversion can follow
 * docker's rules field by field.
 *
 * <p>Conventions that mirror Go's zero values, so "not set" means the same here as in docker:
 * <ul>
 *   <li>strings are never null; {@code ""} means not set;</li>
 *   <li>lists and maps are never null and unmodifiable; empty means not set;</li>
 *   <li>where docker uses a pointer (a value whose absence differs from its zero value, e.g.
 *       {@code replicas}, {@code init}, {@code healthcheck.retries}), the field is an {@link java.util.Optional};</li>
 *   <li>maps keep the order of the files (services sorted by name where docker sorts them).</li>
 * </ul>
 * Positions of values in the files are kept by key path in {@link
 * io.github.swarmdeploy.core.compose.model.StackDefinition#positionOf(String)}, so later checks (a
 * missing external secret, an invalid image) can name file, line and key.
 */
package io.github.swarmdeploy.core.compose.model;
