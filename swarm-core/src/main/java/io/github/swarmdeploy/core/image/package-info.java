/**
 * Images: the tag of a build ({@code ImageTagger}, from git without a git binary), building and pushing the
 * selected services' images on the engine, image references as docker parses them, digest lookups, and
 * registry credentials found as the docker CLI finds them. Calls the engine through {@code engine.SwarmApi};
 * depends on {@code engine}, {@code event} and {@code gitlab}.
 */
package io.github.swarmdeploy.core.image;
