/**
 * What docker's Go code does with values, so that a compose file means the same to us as to
 * {@code docker stack deploy}: one class per Go library docker uses ({@link
 * io.github.swarmdeploy.core.golang.YamlV3 yaml.v3}, {@link io.github.swarmdeploy.core.golang.Strconv
 * strconv}, {@link io.github.swarmdeploy.core.golang.Fmt fmt}, {@link io.github.swarmdeploy.core.golang.Time
 * time}, {@link io.github.swarmdeploy.core.golang.Mapstructure mapstructure}, {@link
 * io.github.swarmdeploy.core.golang.GoUnits go-units}, {@link io.github.swarmdeploy.core.golang.DockerOpts
 * docker/cli opts}, {@link io.github.swarmdeploy.core.golang.Shlex google/shlex}, {@link
 * io.github.swarmdeploy.core.golang.Sort sort}, {@link io.github.swarmdeploy.core.golang.Json encoding/json}).
 * Pure functions, no I/O; public for the packages of this library, not an API of it.
 */
package io.github.swarmdeploy.core.golang;
