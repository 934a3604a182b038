/**
 * Loading a stack as {@code docker stack deploy} reads it: YAML with positions (SnakeYAML), variables and
 * {@code .env} files, interpolation, merge of several files, docker's schema and checks, decoding into the
 * immutable model of {@code compose.model}, and printing as {@code docker stack config}. Every problem is
 * reported with file, line, column and key ({@link io.github.swarmdeploy.core.compose.InvalidStackException}).
 * Knows nothing of the Docker API: depends on {@code compose.model}, {@code golang}, {@code event} and
 * SnakeYAML only.
 */
package io.github.swarmdeploy.core.compose;
