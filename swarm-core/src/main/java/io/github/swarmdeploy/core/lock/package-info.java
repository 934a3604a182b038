/**
 * The stack lock that keeps two deploys (or a deploy and a prune) of one stack from interleaving: a lease held
 * in the swarm as a config ({@link io.github.swarmdeploy.core.lock.StackLock}), its protocol decided without I/O
 * ({@code LeaseDecider}). Used by {@code deploy} and {@code prune}.
 */
package io.github.swarmdeploy.core.lock;
