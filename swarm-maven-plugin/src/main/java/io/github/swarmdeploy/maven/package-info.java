/**
 * The Maven plugin (prefix {@code swarm}): one Mojo per goal over shared bases
 * ({@link io.github.swarmdeploy.maven.AbstractSwarmMojo}, {@link io.github.swarmdeploy.maven.AbstractEngineMojo},
 * {@link io.github.swarmdeploy.maven.AbstractStackViewMojo}, {@link io.github.swarmdeploy.maven.AbstractStackMojo}).
 * A Mojo reads its parameters, calls the core, and turns core failures into Maven's two kinds: a
 * {@code MojoFailureException} for the input or the outcome, a {@code MojoExecutionException} for the
 * environment. No logic another front-end of {@code swarm-core} would have to rewrite; the only package that
 * knows Maven.
 */
package io.github.swarmdeploy.maven;
