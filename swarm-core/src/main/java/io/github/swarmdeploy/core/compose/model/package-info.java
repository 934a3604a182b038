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
 *
 * <h2>The records are the declaration of the compose keys</h2>
 * Each record mirrors one of docker's structs and each component one of its keys, in docker's order: the
 * key is the component's name in snake_case unless {@link io.github.swarmdeploy.core.compose.model.ComposeKey}
 * says otherwise. From the component's Java type (and, where it is ambiguous, docker's named type in
 * {@code @ComposeKey(form = ...)}) follow, with no other list of keys to keep in step:
 * <ul>
 *   <li>normalisation: short forms expanded, zero values left out, durations and sizes parsed, the words a
 *       key may take checked ({@code CanonicalForm}, as docker's type-dispatched transforms);</li>
 *   <li>merging several files (mergo's rules by Go kind: a zero value never overrides, a pointer does, lists
 *       append, maps merge; {@code StackMerge});</li>
 *   <li>printing as {@code docker stack config} prints ({@code StackYamlWriter});</li>
 *   <li>decoding into these records ({@code StackDecoder}, as mapstructure);</li>
 *   <li>showing a changed value in a plan (durations as compose writes them; {@code plan.SpecDiff}).</li>
 * </ul>
 *
 * <h2>Adding a key</h2>
 * Three places, e.g. for {@code stop_grace_period}:
 * <ol>
 *   <li>the schema: {@code ComposeSchema}, {@code .key("stop_grace_period", string().format(duration()))}
 *       (what a file may write, from which 3.x version; docker's config_schema_v3.x);</li>
 *   <li>the model: a component of the record, here {@code Optional<Duration> stopGracePeriod} in
 *       {@link io.github.swarmdeploy.core.compose.model.ServiceConfig} at docker's position, with its zero
 *       value in the compact constructor and its builder setter;</li>
 *   <li>the conversion: {@code convert.ServiceConversion}, {@code .withStopGracePeriod(...)}.</li>
 * </ol>
 * {@code ComposeKeyPlacesTest} checks that no other file names such keys. Two more places only when
 * docker has them too: if docker casts the key's value after substituting variables (its
 * {@code interpolateTypeCastMapping}), {@code Interpolator}'s copy of that table; if the Swarm spec field
 * it becomes is not its name in CamelCase, {@code plan.SpecDiff}'s table of spec fields.
 */
package io.github.swarmdeploy.core.compose.model;
