package io.github.swarmdeploy.core.image;

/**
 * How much of building and pushing images a front-end shows (its events' level; everything is there at DEBUG).
 */
public enum ProgressStyle {
    /**
     * Each build step ({@code Step 2/5 : RUN make}), each layer the registry now has, and the bytes sent so far at most
     * every few seconds while a push runs: readable in a CI log, where nothing redraws a line.
     */
    PLAIN,
    /** One line per built and per pushed image. */
    NONE
}
