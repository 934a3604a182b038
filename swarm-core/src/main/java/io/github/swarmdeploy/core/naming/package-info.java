/**
 * What swarm-deploy names and labels in a swarm: stack-scoped, content-versioned names of configs and
 * secrets ({@code <stack>_<key>_<hash>}, within Swarm's 64-character rules), content hashes (commons-codec),
 * the stack's secret-version key and the labels that tie objects to a stack and to this tool. No I/O; depends
 * on {@code compose.model}, {@code convert} and {@code event}.
 */
package io.github.swarmdeploy.core.naming;
